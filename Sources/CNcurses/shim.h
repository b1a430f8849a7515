#ifndef OMNI_CNCURSES_SHIM_H
#define OMNI_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <langinfo.h>
#include <ncursesw/curses.h>

int wcwidth(wchar_t c);

// Macros and globals Swift cannot import (or rejects as unsafe in Swift 6) get static inline getters.
static inline WINDOW *omni_stdscr(void) { return stdscr; }
static inline int omni_lines(void) { return LINES; }
static inline int omni_cols(void) { return COLS; }
static inline int omni_colors(void) { return COLORS; }
static inline int omni_color_pairs(void) { return COLOR_PAIRS; }
static inline int omni_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline attr_t omni_a_bold(void) { return A_BOLD; }
static inline attr_t omni_a_underline(void) { return A_UNDERLINE; }
static inline attr_t omni_a_reverse(void) { return A_REVERSE; }
static inline attr_t omni_a_dim(void) { return A_DIM; }
static inline attr_t omni_a_normal(void) { return A_NORMAL; }
static inline int omni_key_code_yes(void) { return KEY_CODE_YES; }
static inline int omni_err(void) { return ERR; }

// Function keys, mouse masks and other macro values Swift cannot import.
static inline int omni_key_f0(void) { return KEY_F0; }
static inline mmask_t omni_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t omni_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t omni_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t omni_button2_pressed(void) { return BUTTON2_PRESSED; }
static inline mmask_t omni_button2_clicked(void) { return BUTTON2_CLICKED; }
static inline mmask_t omni_button3_pressed(void) { return BUTTON3_PRESSED; }
static inline mmask_t omni_button3_clicked(void) { return BUTTON3_CLICKED; }
static inline mmask_t omni_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t omni_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline WINDOW *omni_curscr(void) { return curscr; }
static inline FILE *omni_stdout(void) { return stdout; }
static inline FILE *omni_stdin(void) { return stdin; }
// nl_langinfo(CODESET) without importing langinfo's enum into Swift.
static inline const char *omni_codeset(void) { return nl_langinfo(CODESET); }
#endif
