/*
 * Session creation validates the form as the service documents (reference §4.1, §4.5) and
 * answers in JSON or XML depending on Accept, since the SDKs rely on either.
 */
#include <arpa/inet.h>

#include "oem-session-id.h"
#include "oem-sessions.h"
#include "oem-util.h"

static gboolean
oem_sessions_refuse(GError **error, const gchar *message)
{
	g_set_error_literal(error, OEM_ERROR, OEM_ERROR_INVALID, message);
	return FALSE;
}

static gboolean
oem_sessions_read_media_mode(GHashTable *form, OemSession *session, GError **error)
{
	const gchar *p2p = g_hash_table_lookup(form, "p2p.preference");
	const gchar *mode = g_hash_table_lookup(form, "archiveMode");

	/* without p2p.preference the service documents routed as its default */
	if (p2p != NULL && g_strcmp0(p2p, "enabled") != 0 && g_strcmp0(p2p, "disabled") != 0)
		return oem_sessions_refuse(error,
					   "p2p.preference must be \"enabled\" or \"disabled\"");
	session->relayed = g_strcmp0(p2p, "enabled") == 0;
	if (mode != NULL && g_strcmp0(mode, "manual") != 0 && g_strcmp0(mode, "always") != 0)
		return oem_sessions_refuse(error, "archiveMode must be \"manual\" or \"always\"");
	if (mode != NULL) {
		g_free(session->archive_mode);
		session->archive_mode = g_strdup(mode);
	}
	if (session->relayed && g_strcmp0(mode, "always") == 0)
		return oem_sessions_refuse(
		    error,
		    "archiveMode \"always\" requires a routed session (p2p.preference=disabled)");
	return TRUE;
}

static gboolean
oem_sessions_read_archive_options(GHashTable *form, OemSession *session, GError **error)
{
	static const gchar *const resolutions[] = {"640x480",	"480x640",   "1280x720", "720x1280",
						   "1920x1080", "1080x1920", NULL};
	const gchar *name = g_hash_table_lookup(form, "archiveName");
	const gchar *resolution = g_hash_table_lookup(form, "archiveResolution");
	gboolean always = g_strcmp0(session->archive_mode, "always") == 0;

	if (name != NULL && !always)
		return oem_sessions_refuse(
		    error, "archiveName is only allowed with archiveMode \"always\"");
	if (name != NULL && (name[0] == '\0' || g_utf8_strlen(name, -1) > 80))
		return oem_sessions_refuse(error, "archiveName must be 1 to 80 characters long");
	if (resolution != NULL && !always)
		return oem_sessions_refuse(
		    error, "archiveResolution is only allowed with archiveMode \"always\"");
	if (resolution != NULL && !g_strv_contains(resolutions, resolution))
		return oem_sessions_refuse(error,
					   "archiveResolution is not a supported resolution");
	session->archive_name = g_strdup(name);
	session->archive_resolution = g_strdup(resolution);
	return TRUE;
}

static gboolean
oem_sessions_read_other_options(GHashTable *form, OemSession *session, GError **error)
{
	const gchar *location = g_hash_table_lookup(form, "location");
	const gchar *e2ee = g_hash_table_lookup(form, "e2ee");
	struct in_addr addr;

	/* inet_pton() takes only the four-part dotted quad, without leading zeros */
	if (location != NULL && inet_pton(AF_INET, location, &addr) != 1)
		return oem_sessions_refuse(error, "location must be an IPv4 address");
	if (location != NULL) {
		g_free(session->location);
		session->location = g_strdup(location);
	}
	if (e2ee != NULL && g_strcmp0(e2ee, "true") != 0 && g_strcmp0(e2ee, "false") != 0)
		return oem_sessions_refuse(error, "e2ee must be \"true\" or \"false\"");
	session->e2ee = g_strcmp0(e2ee, "true") == 0;
	if (session->e2ee && session->relayed)
		return oem_sessions_refuse(error, "e2ee requires a routed session");
	if (session->e2ee && g_strcmp0(session->archive_mode, "always") == 0)
		return oem_sessions_refuse(error,
					   "e2ee cannot be combined with archiveMode \"always\"");
	return TRUE;
}

OemSession *
oem_sessions_create_from_form(OemState *state, GHashTable *form, GError **error)
{
	g_autoptr(OemSession) session = oem_session_new(NULL);

	if (!oem_sessions_read_media_mode(form, session, error) ||
	    !oem_sessions_read_archive_options(form, session, error) ||
	    !oem_sessions_read_other_options(form, session, error))
		return NULL;
	session->session_id = oem_session_id_new(state->api_key, session->location,
						 session->created_at, session->relayed);
	return g_steal_pointer(&session);
}

gchar *
oem_sessions_format_create_dt(OemSession *session)
{
	g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc(session->created_at / 1000);

	/* the service's Java-style Date.toString(), in UTC */
	return g_date_time_format(dt, "%a %b %d %H:%M:%S UTC %Y");
}

static void
oem_sessions_reply_json(OemRequest *req, OemSession *session)
{
	g_autoptr(JsonNode) node = json_node_new(JSON_NODE_ARRAY);
	g_autofree gchar *create_dt = oem_sessions_format_create_dt(session);
	JsonArray *array = json_array_new();
	JsonObject *obj = json_object_new();

	json_object_set_string_member(obj, "session_id", session->session_id);
	json_object_set_string_member(obj, "project_id", req->state->api_key);
	json_object_set_string_member(obj, "partner_id", req->state->api_key);
	json_object_set_string_member(obj, "create_dt", create_dt);
	json_object_set_string_member(obj, "media_server_url", "");
	json_array_add_object_element(array, obj);
	json_node_take_array(node, array);
	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

static void
oem_sessions_reply_xml(OemRequest *req, OemSession *session)
{
	g_autofree gchar *create_dt = oem_sessions_format_create_dt(session);
	g_autofree gchar *xml = NULL;

	xml = g_markup_printf_escaped(
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><sessions><Session>"
	    "<session_id>%s</session_id><partner_id>%s</partner_id><create_dt>%s</create_dt>"
	    "</Session></sessions>",
	    session->session_id, req->state->api_key, create_dt);
	oem_reply_text(req->msg, SOUP_STATUS_OK, "text/xml", xml);
}

static GHashTable *
oem_sessions_read_form(OemRequest *req, GError **error)
{
	SoupMessageHeaders *headers = soup_server_message_get_request_headers(req->msg);
	const gchar *type = soup_message_headers_get_content_type(headers, NULL);
	g_autoptr(GBytes) body = oem_request_get_body(req);
	gsize len = 0;
	const gchar *data = g_bytes_get_data(body, &len);

	/* every SDK posts a form; a JSON body would otherwise read as one odd field name */
	if (len > 0 && g_ascii_strcasecmp(type != NULL ? type : "",
					  "application/x-www-form-urlencoded") != 0) {
		g_set_error_literal(error, OEM_ERROR, OEM_ERROR_INVALID,
				    "the body must be application/x-www-form-urlencoded");
		return NULL;
	}
	return oem_form_decode(data != NULL ? data : "", len, error);
}

static void
oem_sessions_create(OemRequest *req)
{
	g_autoptr(GHashTable) form = NULL;
	g_autoptr(OemSession) session = NULL;
	g_autoptr(GError) error = NULL;

	form = oem_sessions_read_form(req, &error);
	if (form != NULL)
		session = oem_sessions_create_from_form(req->state, form, &error);
	if (session == NULL) {
		g_autofree gchar *message = g_strdup_printf("Invalid request: %s", error->message);

		oem_reply_error(req->msg, SOUP_STATUS_BAD_REQUEST, message);
		return;
	}
	if (oem_request_accepts_json(req))
		oem_sessions_reply_json(req, session);
	else
		oem_sessions_reply_xml(req, session);
	g_debug("created session %s", session->session_id);
	oem_state_add_session(req->state, g_steal_pointer(&session));
}

void
oem_sessions_register(OemRouter *api)
{
	oem_router_add(api, "POST", "/session/create", oem_sessions_create);
}

OemSession *
oem_sessions_from_path(OemRequest *req)
{
	OemSession *session =
	    oem_state_lookup_session(req->state, oem_request_get_param(req, "session"));

	if (session == NULL)
		oem_reply_error(req->msg, SOUP_STATUS_NOT_FOUND, "Session not found");
	return session;
}

gboolean
oem_sessions_client_from_path(OemRequest *req, OemSession **ret_session, OemClient **ret_client)
{
	const gchar *connection_id = oem_request_get_param(req, "connection");

	/* as force disconnect does */
	if (!g_uuid_string_is_valid(connection_id)) {
		oem_reply_error(req->msg, SOUP_STATUS_BAD_REQUEST, "Invalid connection ID");
		return FALSE;
	}
	*ret_session = oem_sessions_from_path(req);
	if (*ret_session == NULL)
		return FALSE;
	*ret_client = oem_session_lookup_client(*ret_session, connection_id);
	if (*ret_client == NULL) {
		oem_reply_error(req->msg, SOUP_STATUS_NOT_FOUND, "Client is not connected");
		return FALSE;
	}
	return TRUE;
}
