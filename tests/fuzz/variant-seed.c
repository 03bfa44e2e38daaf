/*
 * Seed helper for make-seeds.py, not part of the build: parses GVariant text of the type
 * given in argv[1] from argv[2] and writes its serialised bytes to stdout.
 */
#include <glib.h>
#include <stdio.h>

int
main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) value = NULL;

	if (argc != 3) {
		g_printerr("usage: %s TYPE TEXT\n", argv[0]);
		return 2;
	}
	value = g_variant_parse(G_VARIANT_TYPE(argv[1]), argv[2], NULL, NULL, &error);
	if (value == NULL) {
		g_printerr("%s: %s\n", argv[2], error->message);
		return 1;
	}
	fwrite(g_variant_get_data(value), 1, g_variant_get_size(value), stdout);
	return 0;
}
