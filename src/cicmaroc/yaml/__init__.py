"""Reading YAML text into plain values with the position of each, safely; and its layout for cic fmt."""
