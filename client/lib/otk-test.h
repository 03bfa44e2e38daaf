/*
 * A minimal test harness for the client's unit tests (the client has no GLib, so no
 * GTest): named cases, assertions that stop the executable with a clear message, and
 * a way to get an sd-bus message to write to and read back without any bus.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <systemd/sd-bus.h>

typedef void (*OtkTestFunc)(void);

typedef struct {
	const char *path; /* /otk/<object>/<case> */
	OtkTestFunc func;
} OtkTestCase;

__attribute__((format(printf, 3, 4))) __attribute__((noreturn)) void
otk_test_fail(const char *file, int line, const char *fmt, ...);

/* runs every case, or only those whose path starts with argv[1] */
int
otk_test_run(int argc, char **argv, const OtkTestCase *cases, size_t n_cases);

/* a method call message on a private, never-used connection, ready to append to */
sd_bus_message *
otk_test_message_new(void);
/* seals @m and rewinds it for reading */
void
otk_test_message_seal(sd_bus_message *m);
/*
 * The arguments of @m from its read position on, as text that keeps the wire types:
 * strings quoted, integers prefixed with their type letter ("x 5"), booleans bare,
 * dictionaries {"k": v}, arrays [v], structs (v); variants show their content. E.g.
 * `"S1", {"name": "n", "max_bitrate": x 9}`. NULL when @m cannot be read.
 */
char *
otk_test_message_dump(sd_bus_message *m);

#define OTK_TEST_ASSERT(cond)                                                                      \
	do {                                                                                       \
		if (!(cond))                                                                       \
			otk_test_fail(__FILE__, __LINE__, "assertion failed: %s", #cond);          \
	} while (0)

#define OTK_TEST_ASSERT_CMPSTR(a, b)                                                               \
	do {                                                                                       \
		const char *otk_a_ = (a);                                                          \
		const char *otk_b_ = (b);                                                          \
		if (otk_a_ == NULL || otk_b_ == NULL || strcmp(otk_a_, otk_b_) != 0)               \
			otk_test_fail(__FILE__,                                                    \
				      __LINE__,                                                    \
				      "%s == %s\n  got:      %s\n  expected: %s",                  \
				      #a,                                                          \
				      #b,                                                          \
				      otk_a_ != NULL ? otk_a_ : "(null)",                          \
				      otk_b_ != NULL ? otk_b_ : "(null)");                         \
	} while (0)

#define OTK_TEST_ASSERT_CMPINT(a, b)                                                               \
	do {                                                                                       \
		long long otk_a_ = (long long)(a);                                                 \
		long long otk_b_ = (long long)(b);                                                 \
		if (otk_a_ != otk_b_)                                                              \
			otk_test_fail(__FILE__,                                                    \
				      __LINE__,                                                    \
				      "%s == %s: got %lld, expected %lld",                         \
				      #a,                                                          \
				      #b,                                                          \
				      otk_a_,                                                      \
				      otk_b_);                                                     \
	} while (0)
