/* loading the API secret from a systemd credential or a private file */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "otd-credentials.h"
#include "otd-error.h"

#define OTD_SECRET_MAX_SIZE 4096
#define OTD_CREDENTIAL_NAME "opentokd.api-secret"

struct _OtdSecret {
	guint8 *data;
	gsize len;
};

OtdSecret *
otd_secret_new(const guint8 *data, gsize len)
{
	OtdSecret *secret = g_new0(OtdSecret, 1);
	secret->data = g_malloc(len + 1);
	/* keep the secret out of swap where we are allowed to; failure is harmless */
	(void)mlock(secret->data, len + 1);
	memcpy(secret->data, data, len);
	secret->data[len] = '\0';
	secret->len = len;
	return secret;
}

void
otd_secret_free(OtdSecret *secret)
{
	if (secret == NULL)
		return;
	explicit_bzero(secret->data, secret->len + 1);
	(void)munlock(secret->data, secret->len + 1);
	g_free(secret->data);
	g_free(secret);
}

const guint8 *
otd_secret_get_data(const OtdSecret *secret)
{
	return secret->data;
}

gsize
otd_secret_get_size(const OtdSecret *secret)
{
	return secret->len;
}

static gboolean
otd_secret_check_fd(int fd, const gchar *path, gboolean check_mode, GError **error)
{
	struct stat st;

	if (fstat(fd, &st) < 0) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS, "cannot stat secret file %s: %s",
			    path, g_strerror(errno));
		return FALSE;
	}
	if (!S_ISREG(st.st_mode)) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "secret file %s is not a regular file", path);
		return FALSE;
	}
	if (check_mode && (st.st_mode & 0077) != 0) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_PERMISSION_DENIED,
			    "secret file %s has mode %04o: group and others must have no access "
			    "(chmod 0600 it)",
			    path, (guint)(st.st_mode & 07777));
		return FALSE;
	}
	return TRUE;
}

OtdSecret *
otd_secret_load_file(const gchar *path, gboolean check_mode, GError **error)
{
	guint8 buf[OTD_SECRET_MAX_SIZE + 1];
	gsize len = 0;
	OtdSecret *secret;
	int fd;

	if (path == NULL || !g_path_is_absolute(path)) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "secret file must be an absolute path");
		return NULL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "cannot open secret file %s: %s", path, g_strerror(errno));
		return NULL;
	}
	if (!otd_secret_check_fd(fd, path, check_mode, error)) {
		close(fd);
		return NULL;
	}
	while (len < sizeof(buf)) {
		ssize_t n = read(fd, buf + len, sizeof(buf) - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "cannot read secret file %s: %s", path, g_strerror(errno));
			close(fd);
			explicit_bzero(buf, sizeof(buf));
			return NULL;
		}
		if (n == 0)
			break;
		len += (gsize)n;
	}
	close(fd);
	if (len > OTD_SECRET_MAX_SIZE) {
		explicit_bzero(buf, sizeof(buf));
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "secret file %s is larger than %u bytes", path, OTD_SECRET_MAX_SIZE);
		return NULL;
	}
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	if (len == 0 || memchr(buf, '\0', len) != NULL) {
		explicit_bzero(buf, sizeof(buf));
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "secret file %s is empty or contains a NUL byte", path);
		return NULL;
	}
	secret = otd_secret_new(buf, len);
	explicit_bzero(buf, sizeof(buf));
	return secret;
}

OtdSecret *
otd_secret_load(const gchar *secret_file, gchar **ret_source, GError **error)
{
	const gchar *creds_dir = g_getenv("CREDENTIALS_DIRECTORY");
	OtdSecret *secret;

	if (creds_dir != NULL && creds_dir[0] != '\0') {
		g_autofree gchar *path = g_build_filename(creds_dir, OTD_CREDENTIAL_NAME, NULL);
		if (g_file_test(path, G_FILE_TEST_EXISTS)) {
			/* systemd owns this file and its access (an ACL on tmpfs can show 0440):
			 * the mode rule is for files an administrator keeps */
			secret = otd_secret_load_file(path, FALSE, error);
			if (secret != NULL && ret_source != NULL)
				*ret_source = g_strdup("systemd credential " OTD_CREDENTIAL_NAME);
			return secret;
		}
	}
	if (secret_file == NULL) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "no API secret: set [API] SecretFile= or pass the systemd credential "
			    "%s",
			    OTD_CREDENTIAL_NAME);
		return NULL;
	}
	secret = otd_secret_load_file(secret_file, TRUE, error);
	if (secret != NULL && ret_source != NULL)
		*ret_source = g_strdup(secret_file);
	return secret;
}
