/*
 * Both calls check in the same order: the form of the connection id (400), the session and
 * the connection (404), then the body: JSON types (400), sizes (413), the type's characters
 * (400). A signal to a session without clients reaches nobody and still succeeds.
 */
#include <string.h>

#include "oem-body.h"
#include "oem-sessions.h"
#include "oem-signals.h"
#include "oem-util.h"

/* letters, digits, '-', '_' and '~', as the service documents */
static gboolean
oem_signals_type_is_valid(const gchar *type)
{
	for (const gchar *p = type; *p != '\0'; p++) {
		if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '~')
			return FALSE;
	}
	return TRUE;
}

/* 0 when @body is a signal, else the status to answer with, and why in @error */
static guint
oem_signals_read(JsonObject *body, const gchar **ret_type, const gchar **ret_data, GError **error)
{
	if (!oem_body_read_string(body, "type", ret_type, error) ||
	    !oem_body_read_string(body, "data", ret_data, error))
		return SOUP_STATUS_BAD_REQUEST;
	if (*ret_data == NULL) {
		oem_body_refuse(error, "data is required");
		return SOUP_STATUS_BAD_REQUEST;
	}
	if (*ret_type != NULL && strlen(*ret_type) > OEM_SIGNALS_TYPE_MAX) {
		g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID, "type is longer than %d bytes",
			    OEM_SIGNALS_TYPE_MAX);
		return SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
	}
	if (strlen(*ret_data) > OEM_SIGNALS_DATA_MAX) {
		g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID, "data is longer than %d bytes",
			    OEM_SIGNALS_DATA_MAX);
		return SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
	}
	if (*ret_type != NULL && !oem_signals_type_is_valid(*ret_type)) {
		oem_body_refuse(error, "type may only hold letters, digits, '-', '_' and '~'");
		return SOUP_STATUS_BAD_REQUEST;
	}
	return 0;
}

/* to @client, or to every client of @session when NULL */
static void
oem_signals_send(OemRequest *req, OemSession *session, OemClient *client)
{
	g_autoptr(JsonObject) body = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *message = NULL;
	const gchar *type = NULL;
	const gchar *data = NULL;
	guint status = SOUP_STATUS_BAD_REQUEST;

	body = oem_request_parse_json_object(req, &error);
	if (body != NULL)
		status = oem_signals_read(body, &type, &data, &error);
	if (status != 0) {
		message = g_strdup_printf("Invalid request: %s", error->message);
		oem_reply_error(req->msg, status, message);
		return;
	}
	for (guint i = 0; i < session->clients->len; i++) {
		OemClient *each = g_ptr_array_index(session->clients, i);

		if (client == NULL || client == each)
			oem_client_add_signal(each, type, data);
	}
	oem_reply_empty(req->msg, SOUP_STATUS_NO_CONTENT);
}

static void
oem_signals_signal_session(OemRequest *req)
{
	OemSession *session = oem_sessions_from_path(req);

	if (session != NULL)
		oem_signals_send(req, session, NULL);
}

static void
oem_signals_signal_connection(OemRequest *req)
{
	OemSession *session;
	OemClient *client;

	if (oem_sessions_client_from_path(req, &session, &client))
		oem_signals_send(req, session, client);
}

void
oem_signals_register(OemRouter *api)
{
	oem_router_add(api, "POST", "/v2/project/{project}/session/{session}/signal",
		       oem_signals_signal_session);
	oem_router_add(api, "POST",
		       "/v2/project/{project}/session/{session}/connection/{connection}/signal",
		       oem_signals_signal_connection);
}
