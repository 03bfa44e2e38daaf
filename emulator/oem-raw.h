/*
 * Answers written by hand on a connection taken from libsoup, for faults libsoup cannot
 * produce: a body trickled byte by byte, an answer cut short, a connection reset.
 */
#pragma once

#include <libsoup/soup.h>

#include "oem-faults.h"

G_BEGIN_DECLS

typedef struct _OemRawSet OemRawSet;

OemRawSet *oem_raw_set_new(void);
/* closes every connection still being written */
void oem_raw_set_free(OemRawSet *self);
/* takes @msg's connection and answers on it as @fault says; @date is the Date header */
void oem_raw_answer(OemRawSet *self, SoupServerMessage *msg, OemFault *fault, const gchar *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemRawSet, oem_raw_set_free)

G_END_DECLS
