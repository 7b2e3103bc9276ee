# Doxygen 1.9 reads a C++14 digit separator (10'000) as the start of a character literal and
# loses the declarations up to the next apostrophe: its INPUT_FILTER drops them (docs only).
s/\([0-9]\)'\([0-9]\)/\1\2/g
