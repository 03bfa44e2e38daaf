/*
 * A strict UTF-8 checker: no overlong forms, no surrogates, nothing above U+10FFFF,
 * no NUL inside a sequence.
 */
#include <string.h>

#include "otk-utf8.h"

static bool
otk_utf8_is_continuation(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

size_t
otk_utf8_sequence_length(const unsigned char *s, size_t available)
{
	size_t len;
	unsigned char lo = 0x80;
	unsigned char hi = 0xbf;

	if (available == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (len > available)
		return 0;
	/* the second byte carries the rules against overlong forms, surrogates and > U+10FFFF */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++) {
		if (!otk_utf8_is_continuation(s[i]))
			return 0;
	}
	return len;
}

bool
otk_utf8_is_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left;

	if (s == NULL)
		return false;
	left = strlen(s);
	while (left > 0) {
		size_t len = otk_utf8_sequence_length(p, left);
		if (len == 0)
			return false;
		p += len;
		left -= len;
	}
	return true;
}
