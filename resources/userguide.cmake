# Writes the user guide shown by Help > VAE Studio Help (F1): README.md without its developer sections, so the help
# has one source and works offline. Run as: cmake -DREADME=README.md -DOUT=userguide.md -P userguide.cmake
cmake_minimum_required(VERSION 3.21)

# Sections left out (their "## " headings): measurements and internals a user of the window does not need.
# "Two commands" is how to build and test from source: the reader of the help already runs the app.
set(developer_sections "Two commands" "Speed" "Quality" "Reliability" "Layout")

file(READ "${README}" text)
# CMake lists split on ';' and treat '\', '[' and ']' specially: stand-ins keep every line intact.
string(REPLACE "\\" "@BS@" text "${text}")
string(REPLACE ";" "@SC@" text "${text}")
string(REPLACE "[" "@LB@" text "${text}")
string(REPLACE "]" "@RB@" text "${text}")
string(REPLACE "\n" ";" lines "${text}")

set(out "")
set(in_fence FALSE)
set(skipping FALSE)
foreach(line IN LISTS lines)
  if(line MATCHES "^```")
    if(in_fence)
      set(in_fence FALSE)
    else()
      set(in_fence TRUE)
    endif()
  elseif(NOT in_fence AND line MATCHES "^## (.*)$")
    set(heading "${CMAKE_MATCH_1}")
    if(heading IN_LIST developer_sections)
      set(skipping TRUE)
    else()
      set(skipping FALSE)
    endif()
  endif()
  if(skipping)
    continue()
  endif()
  if(NOT in_fence)
    # Images live beside the README, not in the binary: they are left out (the window itself is on screen).
    string(REGEX REPLACE "!@LB@(([^@]|@[^R]|@R[^B])*)@RB@\\([^)]*\\)" "" line "${line}")
    # Qt's Markdown reader shows an escaped "\|" in a table cell as it is, and an entity would show inside
    # `code`: a look-alike (U+2223) keeps the cell whole and reads as "|".
    string(REPLACE "@BS@|" "∣" line "${line}")
    # Links to files of the source tree lead nowhere in the dialog: their text stays.
    string(REGEX REPLACE "@LB@(([^@]|@[^R]|@R[^B])*)@RB@\\(([^h#)][^)]*)\\)" "\\1" line "${line}")
  endif()
  string(APPEND out "${line}\n")
endforeach()
string(REPLACE "@RB@" "]" out "${out}")
string(REPLACE "@LB@" "[" out "${out}")
string(REPLACE "@SC@" ";" out "${out}")
string(REPLACE "@BS@" "\\" out "${out}")
file(WRITE "${OUT}.tmp" "${out}")
# Unchanged content keeps the file's time stamp, so rcc and the link do not run again.
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
