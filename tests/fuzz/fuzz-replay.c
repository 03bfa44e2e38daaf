/*
 * Replays corpora without libFuzzer: each argument is a file or a directory whose files are
 * fed to LLVMFuzzerTestOneInput in name order, so the committed seeds and crash reproducers
 * run on every build.
 */
#include <gio/gio.h>
#include <stdio.h>

#include "fuzz-common.h"

static gboolean
otd_replay_file(const gchar *path, guint *count)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *data = NULL;
	gsize len = 0;

	if (!g_file_get_contents(path, &data, &len, &error)) {
		g_printerr("%s\n", error->message);
		return FALSE;
	}
	g_print("# %s (%" G_GSIZE_FORMAT " bytes)\n", path, len);
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	(*count)++;
	return TRUE;
}

static gint
otd_replay_compare(gconstpointer a, gconstpointer b)
{
	return g_strcmp0(*(const gchar *const *)a, *(const gchar *const *)b);
}

static gboolean
otd_replay_dir(const gchar *path, guint *count)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GDir) dir = g_dir_open(path, 0, &error);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const gchar *name;

	if (dir == NULL) {
		g_printerr("%s\n", error->message);
		return FALSE;
	}
	while ((name = g_dir_read_name(dir)) != NULL)
		g_ptr_array_add(names, g_build_filename(path, name, NULL));
	g_ptr_array_sort(names, otd_replay_compare);
	for (guint i = 0; i < names->len; i++) {
		const gchar *file = g_ptr_array_index(names, i);
		if (g_file_test(file, G_FILE_TEST_IS_REGULAR) && !otd_replay_file(file, count))
			return FALSE;
	}
	return TRUE;
}

int
main(int argc, char **argv)
{
	guint count = 0;

	if (argc < 2) {
		g_printerr("usage: %s FILE|DIR…\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		gboolean ok = g_file_test(argv[i], G_FILE_TEST_IS_DIR)
				  ? otd_replay_dir(argv[i], &count)
				  : otd_replay_file(argv[i], &count);
		if (!ok)
			return 1;
	}
	if (count == 0) {
		g_printerr("no inputs found\n");
		return 1;
	}
	g_print("%u inputs replayed\n", count);
	return 0;
}
