/*
 * Private UTF-8 helpers: D-Bus only carries valid UTF-8, so check strings before they
 * reach sd-bus (a clear error instead of a failed append) and before JSON output.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* the length of the well-formed UTF-8 sequence at @s (1..4), or 0 when it is invalid */
size_t
otk_utf8_sequence_length(const unsigned char *s, size_t available);

bool
otk_utf8_is_valid(const char *s);
