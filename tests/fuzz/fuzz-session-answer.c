/*
 * CreateSession's answer body, JSON array or XML; the first byte picks the content type the
 * answer claims, since the parser must not trust it.
 */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "otd-session.h"

static const gchar *const otd_fuzz_content_types[] = {
    "application/json",
    "application/xml",
    "text/xml",
    NULL,
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const gchar *content_type;
	g_autoptr(GBytes) body = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *id = NULL;

	otd_fuzz_init();
	if (size < 1)
		return 0;
	content_type = otd_fuzz_content_types[data[0] % G_N_ELEMENTS(otd_fuzz_content_types)];
	body = g_bytes_new(data + 1, size - 1);
	id = otd_session_parse_answer(content_type, body, &error);
	g_assert_true((id == NULL) != (error == NULL));
	if (id == NULL)
		return 0;
	/* what goes back to the caller is a bus-safe id */
	g_assert_true(strlen(id) >= 3 && strlen(id) <= 512);
	g_assert_true(g_utf8_validate(id, -1, NULL));
	return 0;
}
