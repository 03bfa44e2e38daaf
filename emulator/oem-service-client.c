/*
 * Checks go in this order for every such call: the body (400, the caller's), the session
 * (404), the token (403: signature, expiry, session, role), then the session's media mode
 * (409). A client the service adds has the role publisher whatever the token's role, as a
 * SIP participant or a composer page cannot moderate.
 */
#include "oem-body.h"
#include "oem-service-client.h"
#include "oem-util.h"

const gchar *const oem_service_publisher_roles[] = {"publisher", "moderator", NULL};
const gchar *const oem_service_moderator_roles[] = {"moderator", NULL};

/* the two members every such body has, both required */
gboolean
oem_service_read_ids(JsonObject *body, const gchar **ret_session_id, const gchar **ret_token,
		     GError **error)
{
	if (!oem_body_read_string(body, "sessionId", ret_session_id, error) ||
	    !oem_body_read_string(body, "token", ret_token, error))
		return FALSE;
	if (*ret_session_id == NULL || (*ret_session_id)[0] == '\0')
		return oem_body_refuse(error, "sessionId is required");
	if (*ret_token == NULL || (*ret_token)[0] == '\0')
		return oem_body_refuse(error, "token is required");
	return TRUE;
}

/* the client-token verifier the control API uses to join, plus the call's roles */
static OemTokenInfo *
oem_service_verify_token(OemRequest *req, const gchar *session_id, const gchar *token,
			 const OemServiceRules *rules, GError **error)
{
	g_autoptr(OemTokenInfo) info = NULL;
	g_autofree gchar *roles = NULL;

	info = oem_token_verify(token, req->state->api_key, req->state->secret,
				oem_state_get_now(req->state), error);
	if (info == NULL)
		return NULL;
	if (g_strcmp0(info->session_id, session_id) != 0) {
		g_set_error_literal(error, OEM_ERROR, OEM_ERROR_REFUSED,
				    "the token is for another session");
		return NULL;
	}
	if (!g_strv_contains(rules->roles, info->role)) {
		roles = g_strjoinv(" or ", (GStrv)rules->roles);
		g_set_error(error, OEM_ERROR, OEM_ERROR_REFUSED,
			    "the token's role is %s, the call needs %s", info->role, roles);
		return NULL;
	}
	return g_steal_pointer(&info);
}

/* the session named in the body, once the token has been verified; answers and gives NULL
 * when the call is refused */
OemSession *
oem_service_admit(OemRequest *req, const gchar *session_id, const gchar *token,
		  const OemServiceRules *rules, OemTokenInfo **ret_info)
{
	OemSession *session = oem_state_lookup_session(req->state, session_id);
	g_autoptr(OemTokenInfo) info = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *relayed = NULL;

	if (session == NULL) {
		oem_reply_error(req->msg, SOUP_STATUS_NOT_FOUND, "Session not found");
		return NULL;
	}
	info = oem_service_verify_token(req, session_id, token, rules, &error);
	if (info == NULL) {
		g_debug("refused a token: %s", error->message);
		oem_reply_error_full(req->msg, SOUP_STATUS_FORBIDDEN, -1, "Invalid token",
				     error->message);
		return NULL;
	}
	if (rules->routed_only != NULL && session->relayed) {
		relayed =
		    g_strdup_printf("Only routed sessions are allowed to %s.", rules->routed_only);
		oem_reply_error_code(req->msg, SOUP_STATUS_CONFLICT, OEM_SERVICE_CODE_RELAYED,
				     relayed);
		return NULL;
	}
	*ret_info = g_steal_pointer(&info);
	return session;
}

/* the token's connection data, as the service gives the connection; @fallback when none */
const gchar *
oem_service_client_data(OemTokenInfo *info, const gchar *fallback)
{
	if (info->connection_data != NULL && info->connection_data[0] != '\0')
		return info->connection_data;
	return fallback;
}

/* takes @extra, the members the control view adds to the client */
OemClient *
oem_service_join(OemSession *session, const gchar *data, const gchar *initial_layout,
		 JsonObject *extra)
{
	OemClient *client = oem_client_new("publisher", data, initial_layout);

	client->extra = extra;
	g_ptr_array_add(session->clients, client);
	return client;
}

/* a copy of the string members of @map (headers), for the control view; {} when NULL */
JsonObject *
oem_service_copy_string_map(JsonObject *map)
{
	JsonObject *copy = json_object_new();
	g_autoptr(GList) names = map != NULL ? json_object_get_members(map) : NULL;

	for (GList *l = names; l != NULL; l = l->next)
		json_object_set_string_member(copy, l->data,
					      json_object_get_string_member(map, l->data));
	return copy;
}

/* [] when NULL */
JsonArray *
oem_service_strv_to_json(GStrv strv)
{
	JsonArray *array = json_array_new();

	for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
		json_array_add_string_element(array, strv[i]);
	return array;
}

/* the token's initial_layout_class_list, split on spaces, applies to the client's stream */
static GStrv
oem_service_split_classes(const gchar *initial_layout)
{
	g_auto(GStrv) words = g_strsplit(initial_layout, " ", -1);
	g_autoptr(GStrvBuilder) builder = g_strv_builder_new();

	for (guint i = 0; words[i] != NULL; i++) {
		if (words[i][0] != '\0')
			g_strv_builder_add(builder, words[i]);
	}
	return g_strv_builder_end(builder);
}

/* one stream of @client, muted when the session-wide mute covers it */
OemStream *
oem_service_publish(OemState *state, OemSession *session, OemClient *client, const gchar *name,
		    gboolean has_video)
{
	g_auto(GStrv) classes = oem_service_split_classes(client->initial_layout);
	OemStream *stream = oem_stream_new("camera", name, classes);

	stream->has_video = has_video;
	stream->muted = oem_session_force_mutes(session, stream->stream_id);
	g_ptr_array_add(client->streams, stream);
	oem_state_sync_session(state, session);
	return stream;
}
