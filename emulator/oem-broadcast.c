/*
 * The options of a started broadcast are checked here once, as the service documents them
 * (reference §2.3, §6.2, §6.3); everything later only reads the parsed struct. RTMP targets
 * report "connecting" in the start answer and "live" from then on, so tests never wait.
 */
#include "oem-body.h"
#include "oem-broadcast.h"
#include "oem-util.h"

#define OEM_BROADCAST_DURATION_MIN     60
#define OEM_BROADCAST_DURATION_MAX     36000
#define OEM_BROADCAST_DURATION_DEFAULT 14400

static const gchar *const oem_rtmp_statuses[] = {"connecting", "live", "offline", NULL};

const gchar *
oem_rtmp_status_to_string(OemRtmpStatus status)
{
	return oem_rtmp_statuses[status];
}

gboolean
oem_rtmp_status_from_string(const gchar *text, OemRtmpStatus *ret_status)
{
	for (guint i = 0; text != NULL && oem_rtmp_statuses[i] != NULL; i++) {
		if (g_str_equal(text, oem_rtmp_statuses[i])) {
			*ret_status = (OemRtmpStatus)i;
			return TRUE;
		}
	}
	return FALSE;
}

static void
oem_rtmp_target_free(OemRtmpTarget *target)
{
	g_free(target->id);
	g_free(target->server_url);
	g_free(target->stream_name);
	g_free(target);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemRtmpTarget, oem_rtmp_target_free)

static OemBroadcast *
oem_broadcast_alloc(void)
{
	OemBroadcast *broadcast = g_new0(OemBroadcast, 1);

	broadcast->id = g_uuid_string_random();
	broadcast->created_at = oem_now_ms();
	broadcast->updated_at = broadcast->created_at;
	broadcast->rtmp = g_ptr_array_new_with_free_func((GDestroyNotify)oem_rtmp_target_free);
	broadcast->max_duration = OEM_BROADCAST_DURATION_DEFAULT;
	broadcast->has_audio = TRUE;
	broadcast->has_video = TRUE;
	broadcast->streams = oem_composition_streams_new();
	return broadcast;
}

void
oem_broadcast_free(OemBroadcast *broadcast)
{
	if (broadcast == NULL)
		return;
	g_free(broadcast->id);
	g_free(broadcast->session_id);
	g_ptr_array_unref(broadcast->rtmp);
	g_free(broadcast->resolution);
	oem_layout_free(broadcast->layout);
	g_free(broadcast->multi_broadcast_tag);
	g_ptr_array_unref(broadcast->streams);
	g_free(broadcast);
}

static gboolean
oem_broadcast_read_identity(JsonObject *body, OemBroadcast *broadcast, GError **error)
{
	const gchar *session_id = NULL, *tag = NULL;

	if (!oem_body_read_string(body, "sessionId", &session_id, error) ||
	    !oem_body_read_string(body, "multiBroadcastTag", &tag, error))
		return FALSE;
	if (session_id == NULL || session_id[0] == '\0')
		return oem_body_refuse(error, "sessionId is required");
	broadcast->session_id = g_strdup(session_id);
	if (tag != NULL && tag[0] != '\0')
		broadcast->multi_broadcast_tag = g_strdup(tag);
	return TRUE;
}

static gboolean
oem_broadcast_read_hls(JsonObject *outputs, OemBroadcast *broadcast, GError **error)
{
	JsonNode *node = oem_body_get_member(outputs, "hls");
	JsonObject *hls;

	if (node == NULL)
		return TRUE;
	if (!JSON_NODE_HOLDS_OBJECT(node))
		return oem_body_refuse(error, "outputs.hls must be an object");
	hls = json_node_get_object(node);
	if (!oem_body_read_bool(hls, "dvr", &broadcast->dvr, error) ||
	    !oem_body_read_bool(hls, "lowLatency", &broadcast->low_latency, error)) {
		g_prefix_error(error, "outputs.hls.");
		return FALSE;
	}
	if (broadcast->dvr && broadcast->low_latency)
		return oem_body_refuse(error,
				       "outputs.hls: dvr and lowLatency cannot both be true");
	broadcast->hls = TRUE;
	return TRUE;
}

static gboolean
oem_rtmp_url_is_valid(const gchar *url)
{
	/* the service takes RTMP and RTMPS; a URL needs a host after the scheme */
	if (g_ascii_strncasecmp(url, "rtmp://", 7) == 0)
		return url[7] != '\0' && url[7] != '/';
	if (g_ascii_strncasecmp(url, "rtmps://", 8) == 0)
		return url[8] != '\0' && url[8] != '/';
	return FALSE;
}

static OemRtmpTarget *
oem_rtmp_target_parse(JsonNode *node, GError **error)
{
	g_autoptr(OemRtmpTarget) target = g_new0(OemRtmpTarget, 1);
	const gchar *id = NULL, *url = NULL, *name = NULL;
	JsonObject *obj;

	if (!JSON_NODE_HOLDS_OBJECT(node)) {
		oem_body_refuse(error, "must be an object");
		return NULL;
	}
	obj = json_node_get_object(node);
	if (!oem_body_read_string(obj, "id", &id, error) ||
	    !oem_body_read_string(obj, "serverUrl", &url, error) ||
	    !oem_body_read_string(obj, "streamName", &name, error))
		return NULL;
	if (url == NULL || url[0] == '\0') {
		oem_body_refuse(error, "serverUrl is required");
		return NULL;
	}
	if (!oem_rtmp_url_is_valid(url)) {
		oem_body_refuse(error, "serverUrl must be an rtmp:// or rtmps:// URL");
		return NULL;
	}
	if (name == NULL || name[0] == '\0') {
		oem_body_refuse(error, "streamName is required");
		return NULL;
	}
	if (id != NULL && id[0] != '\0')
		target->id = g_strdup(id);
	target->server_url = g_strdup(url);
	target->stream_name = g_strdup(name);
	return g_steal_pointer(&target);
}

static OemRtmpTarget *
oem_broadcast_lookup_target(OemBroadcast *broadcast, const gchar *id)
{
	for (guint i = 0; i < broadcast->rtmp->len; i++) {
		OemRtmpTarget *target = g_ptr_array_index(broadcast->rtmp, i);

		if (id != NULL && g_strcmp0(target->id, id) == 0)
			return target;
	}
	return NULL;
}

static gboolean
oem_broadcast_read_rtmp(JsonObject *outputs, OemBroadcast *broadcast, GError **error)
{
	JsonNode *node = oem_body_get_member(outputs, "rtmp");
	JsonArray *array;

	if (node == NULL)
		return TRUE;
	if (!JSON_NODE_HOLDS_ARRAY(node))
		return oem_body_refuse(error, "outputs.rtmp must be an array");
	array = json_node_get_array(node);
	if (json_array_get_length(array) > OEM_BROADCAST_RTMP_MAX)
		return oem_body_refuse(error, "outputs.rtmp takes at most 5 targets");
	for (guint i = 0; i < json_array_get_length(array); i++) {
		OemRtmpTarget *target =
		    oem_rtmp_target_parse(json_array_get_element(array, i), error);

		if (target == NULL) {
			g_prefix_error(error, "outputs.rtmp[%u]: ", i);
			return FALSE;
		}
		if (oem_broadcast_lookup_target(broadcast, target->id) != NULL) {
			g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID,
				    "outputs.rtmp[%u]: id %s is used twice", i, target->id);
			oem_rtmp_target_free(target);
			return FALSE;
		}
		g_ptr_array_add(broadcast->rtmp, target);
	}
	return TRUE;
}

static gboolean
oem_broadcast_read_outputs(JsonObject *body, OemBroadcast *broadcast, GError **error)
{
	JsonNode *node = oem_body_get_member(body, "outputs");
	JsonObject *outputs;

	if (node == NULL)
		return oem_body_refuse(error, "outputs is required");
	if (!JSON_NODE_HOLDS_OBJECT(node))
		return oem_body_refuse(error, "outputs must be an object");
	outputs = json_node_get_object(node);
	if (!oem_broadcast_read_hls(outputs, broadcast, error) ||
	    !oem_broadcast_read_rtmp(outputs, broadcast, error))
		return FALSE;
	/* an empty rtmp array (Java always sends one) is no output on its own */
	if (!broadcast->hls && broadcast->rtmp->len == 0)
		return oem_body_refuse(error, "outputs needs hls or at least one rtmp target");
	return TRUE;
}

static gboolean
oem_broadcast_read_modes(JsonObject *body, OemBroadcast *broadcast, GError **error)
{
	const gchar *streams = NULL;

	if (!oem_body_read_bool(body, "hasAudio", &broadcast->has_audio, error) ||
	    !oem_body_read_bool(body, "hasVideo", &broadcast->has_video, error) ||
	    !oem_body_read_enum(body, "streamMode", oem_composition_stream_modes, &streams, error))
		return FALSE;
	if (!broadcast->has_audio && !broadcast->has_video)
		return oem_body_refuse(error, "hasAudio and hasVideo cannot both be false");
	broadcast->manual_streams = g_strcmp0(streams, "manual") == 0;
	return TRUE;
}

static gboolean
oem_broadcast_read_composition(JsonObject *body, OemBroadcast *broadcast, GError **error)
{
	const gchar *resolution = NULL;

	if (!oem_body_read_int(body, "maxDuration", OEM_BROADCAST_DURATION_MIN,
			       OEM_BROADCAST_DURATION_MAX, &broadcast->max_duration, error) ||
	    !oem_body_read_int(body, "maxBitrate", OEM_COMPOSITION_BITRATE_MIN,
			       OEM_COMPOSITION_BITRATE_MAX, &broadcast->max_bitrate, error) ||
	    !oem_body_read_enum(body, "resolution", oem_composition_resolutions, &resolution,
				error))
		return FALSE;
	broadcast->resolution = g_strdup(resolution != NULL ? resolution : "640x480");
	return oem_layout_read_member(body, &broadcast->layout, error);
}

OemBroadcast *
oem_broadcast_new_from_json(JsonObject *body, GError **error)
{
	g_autoptr(OemBroadcast) broadcast = oem_broadcast_alloc();

	if (!oem_broadcast_read_identity(body, broadcast, error) ||
	    !oem_broadcast_read_outputs(body, broadcast, error) ||
	    !oem_broadcast_read_modes(body, broadcast, error) ||
	    !oem_broadcast_read_composition(body, broadcast, error))
		return NULL;
	return g_steal_pointer(&broadcast);
}

static JsonObject *
oem_rtmp_target_to_json(OemRtmpTarget *target, gboolean with_id)
{
	JsonObject *obj = json_object_new();

	if (with_id && target->id != NULL)
		json_object_set_string_member(obj, "id", target->id);
	json_object_set_string_member(obj, "serverUrl", target->server_url);
	json_object_set_string_member(obj, "streamName", target->stream_name);
	json_object_set_string_member(obj, "status", oem_rtmp_status_to_string(target->status));
	return obj;
}

/* the array form the service answers with */
static JsonNode *
oem_broadcast_rtmp_to_array(OemBroadcast *broadcast)
{
	JsonArray *array = json_array_sized_new(broadcast->rtmp->len);
	JsonNode *node = json_node_new(JSON_NODE_ARRAY);

	for (guint i = 0; i < broadcast->rtmp->len; i++)
		json_array_add_object_element(
		    array, oem_rtmp_target_to_json(g_ptr_array_index(broadcast->rtmp, i), TRUE));
	json_node_take_array(node, array);
	return node;
}

/* the form keyed by id that hand-made fixtures show; a target without id by its position */
static JsonNode *
oem_broadcast_rtmp_to_object(OemBroadcast *broadcast)
{
	JsonObject *obj = json_object_new();
	JsonNode *node = json_node_new(JSON_NODE_OBJECT);

	for (guint i = 0; i < broadcast->rtmp->len; i++) {
		OemRtmpTarget *target = g_ptr_array_index(broadcast->rtmp, i);
		g_autofree gchar *position = g_strdup_printf("%u", i);

		json_object_set_object_member(obj, target->id != NULL ? target->id : position,
					      oem_rtmp_target_to_json(target, FALSE));
	}
	json_node_take_object(node, obj);
	return node;
}

static JsonNode *
oem_broadcast_urls_to_json(OemBroadcast *broadcast, const gchar *api_key,
			   OemBroadcastJsonFlags flags)
{
	gboolean started = oem_broadcast_is_started(broadcast);
	JsonNode *node = json_node_new(JSON_NODE_OBJECT);
	JsonObject *obj;

	/* the service forgets the URLs once the broadcast stops */
	if (!started && (flags & OEM_BROADCAST_JSON_FULL) == 0)
		return json_node_init_null(node);
	obj = json_object_new();
	if (broadcast->hls) {
		/* shaped like the service's playlist URL, on a host that never resolves */
		g_autofree gchar *url = g_strdup_printf(
		    "https://broadcasts.opentok-emulator.invalid/%s/%s/playlist.m3u8", api_key,
		    broadcast->id);

		json_object_set_string_member(obj, "hls", url);
		json_object_set_string_member(obj, "hlsStatus", started ? "ready" : "ended");
	}
	json_object_set_member(obj, "rtmp",
			       (flags & OEM_BROADCAST_JSON_RTMP_OBJECT) != 0
				   ? oem_broadcast_rtmp_to_object(broadcast)
				   : oem_broadcast_rtmp_to_array(broadcast));
	json_node_take_object(node, obj);
	return node;
}

static void
oem_broadcast_add_settings(JsonObject *obj, OemBroadcast *broadcast)
{
	JsonObject *settings, *hls;

	if (!broadcast->hls)
		return;
	hls = json_object_new();
	json_object_set_boolean_member(hls, "dvr", broadcast->dvr);
	json_object_set_boolean_member(hls, "lowLatency", broadcast->low_latency);
	settings = json_object_new();
	json_object_set_object_member(settings, "hls", hls);
	json_object_set_object_member(obj, "settings", settings);
}

static void
oem_broadcast_add_composition(JsonObject *obj, OemBroadcast *broadcast)
{
	json_object_set_int_member(obj, "maxDuration", broadcast->max_duration);
	if (broadcast->max_bitrate > 0)
		json_object_set_int_member(obj, "maxBitrate", broadcast->max_bitrate);
	json_object_set_string_member(obj, "resolution", broadcast->resolution);
	json_object_set_boolean_member(obj, "hasAudio", broadcast->has_audio);
	json_object_set_boolean_member(obj, "hasVideo", broadcast->has_video);
	json_object_set_string_member(obj, "streamMode",
				      broadcast->manual_streams ? "manual" : "auto");
	json_object_set_array_member(obj, "streams",
				     oem_composition_streams_to_json(broadcast->streams));
	if (broadcast->multi_broadcast_tag != NULL)
		json_object_set_string_member(obj, "multiBroadcastTag",
					      broadcast->multi_broadcast_tag);
}

JsonNode *
oem_broadcast_to_json(OemBroadcast *broadcast, const gchar *api_key, OemBroadcastJsonFlags flags)
{
	JsonObject *obj = json_object_new();
	JsonNode *node = json_node_new(JSON_NODE_OBJECT);

	json_object_set_string_member(obj, "id", broadcast->id);
	json_object_set_string_member(obj, "sessionId", broadcast->session_id);
	oem_composition_set_key_member(obj, "projectId", api_key);
	oem_composition_set_key_member(obj, "partnerId", api_key);
	json_object_set_int_member(obj, "createdAt", broadcast->created_at);
	json_object_set_int_member(obj, "updatedAt", broadcast->updated_at);
	json_object_set_string_member(obj, "status",
				      oem_broadcast_is_started(broadcast) ? "started" : "stopped");
	oem_broadcast_add_composition(obj, broadcast);
	json_object_set_string_member(obj, "event", "broadcast");
	json_object_set_object_member(obj, "layout", oem_layout_to_json(broadcast->layout));
	json_object_set_member(obj, "broadcastUrls",
			       oem_broadcast_urls_to_json(broadcast, api_key, flags));
	oem_broadcast_add_settings(obj, broadcast);
	json_node_take_object(node, obj);
	return node;
}

gboolean
oem_broadcast_is_started(OemBroadcast *broadcast)
{
	return broadcast->status == OEM_BROADCAST_STARTED;
}

gboolean
oem_broadcast_conflicts_with(OemBroadcast *broadcast, OemBroadcast *other)
{
	/* simultaneous broadcasts of one session need two different tags */
	if (!oem_broadcast_is_started(other) || g_strcmp0(broadcast->session_id, other->session_id))
		return FALSE;
	return broadcast->multi_broadcast_tag == NULL || other->multi_broadcast_tag == NULL ||
	       g_str_equal(broadcast->multi_broadcast_tag, other->multi_broadcast_tag);
}

void
oem_broadcast_touch(OemBroadcast *broadcast)
{
	broadcast->updated_at = MAX(oem_now_ms(), broadcast->created_at);
}

static void
oem_broadcast_set_targets(OemBroadcast *broadcast, OemRtmpStatus status)
{
	for (guint i = 0; i < broadcast->rtmp->len; i++)
		((OemRtmpTarget *)g_ptr_array_index(broadcast->rtmp, i))->status = status;
}

void
oem_broadcast_start(OemBroadcast *broadcast, OemSession *session)
{
	broadcast->status = OEM_BROADCAST_STARTED;
	oem_broadcast_set_targets(broadcast, OEM_RTMP_CONNECTING);
	oem_broadcast_sync(broadcast, session);
}

/* once the start answer is out, the targets are live */
void
oem_broadcast_settle(OemBroadcast *broadcast)
{
	oem_broadcast_set_targets(broadcast, OEM_RTMP_LIVE);
}

void
oem_broadcast_sync(OemBroadcast *broadcast, OemSession *session)
{
	if (!oem_broadcast_is_started(broadcast))
		return;
	oem_composition_sync_streams(broadcast->streams, session, broadcast->manual_streams,
				     broadcast->has_audio, broadcast->has_video);
}

void
oem_broadcast_stop(OemBroadcast *broadcast)
{
	broadcast->status = OEM_BROADCAST_STOPPED;
	oem_broadcast_set_targets(broadcast, OEM_RTMP_OFFLINE);
	oem_broadcast_touch(broadcast);
}

/* the status of one target (@target_id) or of all of them (NULL) while started */
gboolean
oem_broadcast_set_rtmp_status(OemBroadcast *broadcast, const gchar *target_id, OemRtmpStatus status,
			      GError **error)
{
	OemRtmpTarget *target = oem_broadcast_lookup_target(broadcast, target_id);

	/* INVALID: no such target; REFUSED: nothing to change any more */
	if (target_id != NULL && target == NULL) {
		g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID, "no rtmp target %s", target_id);
		return FALSE;
	}
	if (!oem_broadcast_is_started(broadcast)) {
		g_set_error_literal(error, OEM_ERROR, OEM_ERROR_REFUSED,
				    "the broadcast is stopped");
		return FALSE;
	}
	if (target != NULL)
		target->status = status;
	else
		oem_broadcast_set_targets(broadcast, status);
	oem_broadcast_touch(broadcast);
	return TRUE;
}
