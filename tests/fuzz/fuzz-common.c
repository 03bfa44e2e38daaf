/* what every target needs before it touches the daemon code */
#include "fuzz-common.h"

static GLogWriterOutput
otd_fuzz_log_writer(GLogLevelFlags level, const GLogField *fields, gsize n_fields,
		    gpointer user_data)
{
	/* warnings about bad input are the point of fuzzing; only criticals are bugs */
	if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) == 0)
		return G_LOG_WRITER_HANDLED;
	return g_log_writer_default(level, fields, n_fields, user_data);
}

void
otd_fuzz_init(void)
{
	static gsize done = 0;

	if (g_once_init_enter(&done)) {
		/* as G_DEBUG=fatal-criticals: a type confusion must count as a crash */
		g_log_set_always_fatal(G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
		g_log_set_writer_func(otd_fuzz_log_writer, NULL, NULL);
		g_once_init_leave(&done, 1);
	}
}

GVariant *
otd_fuzz_variant_new(const guint8 *data, gsize size, const GVariantType *type)
{
	/* a private copy: the fuzzer's buffer has no alignment guarantee */
	g_autoptr(GBytes) bytes = g_bytes_new(data, size);
	g_autoptr(GVariant) raw = g_variant_ref_sink(g_variant_new_from_bytes(type, bytes, FALSE));

	/* already a full reference, never floating */
	return g_variant_get_normal_form(raw);
}
