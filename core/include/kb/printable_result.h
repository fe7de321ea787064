// Search results made safe to print on a terminal (kb/terminal.h, printable()).
#pragma once

#include "kb/brief.h"
#include "kb/search.h"

namespace kb::term {

// Every string of a result passed through printable(): what an index of an older
// build or a server sends is printed as safely as what kb imports today.
void make_printable(UnitView& view);
void make_printable(SearchResult& result);
void make_printable(Hit& hit);
void make_printable(MessageOutline& outline);
void make_printable(Brief& brief);

}  // namespace kb::term
