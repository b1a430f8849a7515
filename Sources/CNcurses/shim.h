#ifndef OMNI_CNCURSES_SHIM_H
#define OMNI_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
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
#endif
