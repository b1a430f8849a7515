import CNcurses
import OmniUI
