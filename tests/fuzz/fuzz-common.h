/* shared by the libFuzzer targets and the corpus replay */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

/* the libFuzzer entry point every target defines */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* silences expected log output and makes criticals abort, once per process */
void
otd_fuzz_init(void);

/* untrusted bytes as a value of @type in normal form, never NULL, not floating */
GVariant *
otd_fuzz_variant_new(const guint8 *data, gsize size, const GVariantType *type);

G_END_DECLS
