/* the API secret: its own type, wiped when freed, never printed */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _OtdSecret OtdSecret;

/* takes a copy of @len bytes */
OtdSecret *
otd_secret_new(const guint8 *data, gsize len);
void
otd_secret_free(OtdSecret *secret);
const guint8 *
otd_secret_get_data(const OtdSecret *secret);
gsize
otd_secret_get_size(const OtdSecret *secret);

/* reads a secret file: refused if @check_mode and any mode bit in 0077 is set; exactly one
 * trailing newline is stripped */
OtdSecret *
otd_secret_load_file(const gchar *path, gboolean check_mode, GError **error);

/* the systemd credential opentokd.api-secret if $CREDENTIALS_DIRECTORY has it, else
 * @secret_file; @ret_source names where it came from, for the log */
OtdSecret *
otd_secret_load(const gchar *secret_file, gchar **ret_source, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OtdSecret, otd_secret_free)

G_END_DECLS
