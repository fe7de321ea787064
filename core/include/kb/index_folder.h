// Where indexes live and which generation of one is published.
//
// An index folder holds generations: `gen-<stamp>/` Xapian databases and a symlink
// `current` naming the published one. A build writes a new `.tmp-*` generation, then
// renames a fresh symlink over `current` (atomic on POSIX). Readers resolve `current`
// once and open that generation, so they never see a half-written or mixed index.
//
// kb's marker: the index folder and every generation kb writes hold a `.kb-index` file.
// kb-index removes or replaces only what carries it (marked generations, its own
// `current` link); it refuses a non-empty folder that is neither marked nor an index made
// by an older kb-index (recognised by `current` linking to a gen-* Xapian database with
// kb's schema, and marked on the spot).
#pragma once

#include <string>

namespace kb {

// $KB_INDEX, else $XDG_DATA_HOME/kb/index, else ~/.local/share/kb/index.
std::string default_index_dir();

// The generation folder `current` points to. Throws Error(index_not_found) with a hint
// to run kb-index when nothing has been published there.
std::string resolve_published_generation(const std::string& index_dir);

}  // namespace kb
