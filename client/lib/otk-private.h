/*
 * Private helpers of libopentokd-client: symbol visibility and scope-bound cleanup.
 * Never installed. Plain C and libc only, because otk-error.c (which the daemon
 * compiles too) includes it.
 */
#pragma once

#include <stdlib.h>

/* the library is built with -fvisibility=hidden; this marks the public entry points */
#define OTK_PUBLIC __attribute__((visibility("default")))

#define OTK_CLEANUP(func) __attribute__((cleanup(func)))

static inline void
otk_freep(void *p)
{
	free(*(void **)p);
}

/* a malloc'd pointer freed when it goes out of scope */
#define OTK_AUTOFREE OTK_CLEANUP(otk_freep)

/* hand a pointer over to someone else, leaving NULL behind */
#define otk_steal_pointer(pp)                                                                      \
	({                                                                                         \
		__typeof__(*(pp)) otk_tmp_ = *(pp);                                                \
		*(pp) = NULL;                                                                      \
		otk_tmp_;                                                                          \
	})

#define OTK_N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))
