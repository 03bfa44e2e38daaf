/*
 * The options of a started archive are checked here once, as the service documents them
 * (reference §2.2, §6.1, §6.2); everything later only reads the parsed struct. A JSON null
 * counts as an absent member, since several SDKs send null for every option left unset.
 */
#include <math.h>

#include "oem-archive.h"
#include "oem-body.h"
#include "oem-util.h"

/* bits per second assumed for the size of an archive without maxBitrate */
#define OEM_ARCHIVE_VIDEO_BITRATE 2000000
#define OEM_ARCHIVE_AUDIO_BITRATE 64000
/* how long the service keeps a download URL valid */
#define OEM_ARCHIVE_URL_LIFETIME (72 * 3600)

static const gchar *const oem_archive_statuses[] = {
    "started", "paused", "stopped", "uploaded", "available", "expired", "failed", "deleted", NULL,
};
static const gchar *const oem_archive_output_modes[] = {"composed", "individual", NULL};

const gchar *
oem_archive_status_to_string(OemArchiveStatus status)
{
	return oem_archive_statuses[status];
}

gboolean
oem_archive_status_from_string(const gchar *text, OemArchiveStatus *ret_status)
{
	for (guint i = 0; text != NULL && oem_archive_statuses[i] != NULL; i++) {
		if (g_str_equal(text, oem_archive_statuses[i])) {
			*ret_status = (OemArchiveStatus)i;
			return TRUE;
		}
	}
	return FALSE;
}

static OemArchive *
oem_archive_alloc(void)
{
	OemArchive *archive = g_new0(OemArchive, 1);

	archive->id = g_uuid_string_random();
	archive->created_at = oem_now_ms();
	archive->updated_at = archive->created_at;
	archive->reason = g_strdup("");
	archive->has_audio = TRUE;
	archive->has_video = TRUE;
	archive->streams = oem_composition_streams_new();
	return archive;
}

void
oem_archive_free(OemArchive *archive)
{
	if (archive == NULL)
		return;
	g_free(archive->id);
	g_free(archive->session_id);
	g_free(archive->name);
	g_free(archive->reason);
	g_free(archive->url);
	g_free(archive->resolution);
	g_free(archive->multi_archive_tag);
	oem_layout_free(archive->layout);
	g_ptr_array_unref(archive->streams);
	g_free(archive);
}

static gboolean
oem_archive_read_identity(JsonObject *body, OemArchive *archive, GError **error)
{
	const gchar *session_id = NULL, *name = NULL, *tag = NULL;

	if (!oem_body_read_string(body, "sessionId", &session_id, error) ||
	    !oem_body_read_string(body, "name", &name, error) ||
	    !oem_body_read_string(body, "multiArchiveTag", &tag, error))
		return FALSE;
	if (session_id == NULL || session_id[0] == '\0')
		return oem_body_refuse(error, "sessionId is required");
	archive->session_id = g_strdup(session_id);
	archive->name = g_strdup(name);
	if (tag != NULL && tag[0] != '\0')
		archive->multi_archive_tag = g_strdup(tag);
	return TRUE;
}

static gboolean
oem_archive_read_modes(JsonObject *body, OemArchive *archive, GError **error)
{
	const gchar *output = NULL, *streams = NULL;

	if (!oem_body_read_bool(body, "hasAudio", &archive->has_audio, error) ||
	    !oem_body_read_bool(body, "hasVideo", &archive->has_video, error) ||
	    !oem_body_read_enum(body, "outputMode", oem_archive_output_modes, &output, error) ||
	    !oem_body_read_enum(body, "streamMode", oem_composition_stream_modes, &streams, error))
		return FALSE;
	if (!archive->has_audio && !archive->has_video)
		return oem_body_refuse(error, "hasAudio and hasVideo cannot both be false");
	archive->individual = g_strcmp0(output, "individual") == 0;
	archive->manual_streams = g_strcmp0(streams, "manual") == 0;
	return TRUE;
}

static gboolean
oem_archive_read_composition(JsonObject *body, OemArchive *archive, GError **error)
{
	const gchar *resolution = NULL;

	if (!oem_body_read_enum(body, "resolution", oem_composition_resolutions, &resolution,
				error))
		return FALSE;
	if (archive->individual && resolution != NULL)
		return oem_body_refuse(error,
				       "resolution is not allowed with outputMode individual");
	if (archive->individual && oem_body_get_member(body, "layout") != NULL)
		return oem_body_refuse(error, "layout is not allowed with outputMode individual");
	if (archive->individual)
		return TRUE;
	archive->resolution = g_strdup(resolution != NULL ? resolution : "640x480");
	return oem_layout_read_member(body, &archive->layout, error);
}

static gboolean
oem_archive_read_quality(JsonObject *body, OemArchive *archive, GError **error)
{
	JsonNode *bitrate = oem_body_get_member(body, "maxBitrate");
	JsonNode *qp = oem_body_get_member(body, "quantizationParameter");

	if (!oem_body_read_int(body, "maxBitrate", OEM_COMPOSITION_BITRATE_MIN,
			       OEM_COMPOSITION_BITRATE_MAX, &archive->max_bitrate, error))
		return FALSE;
	if (qp != NULL && (!oem_body_node_has_type(qp, G_TYPE_INT64) &&
			   !oem_body_node_has_type(qp, G_TYPE_DOUBLE)))
		return oem_body_refuse(error, "quantizationParameter must be a number");
	if (qp != NULL && (json_node_get_double(qp) < 15 || json_node_get_double(qp) > 40))
		return oem_body_refuse(error, "quantizationParameter must be from 15 to 40");
	if (bitrate != NULL && qp != NULL)
		return oem_body_refuse(error,
				       "maxBitrate and quantizationParameter cannot be combined");
	if (archive->individual && (bitrate != NULL || qp != NULL))
		return oem_body_refuse(error, "maxBitrate and quantizationParameter are not "
					      "allowed with outputMode individual");
	archive->has_qp = qp != NULL;
	archive->qp = qp != NULL ? json_node_get_double(qp) : 0;
	return TRUE;
}

OemArchive *
oem_archive_new_from_json(JsonObject *body, GError **error)
{
	g_autoptr(OemArchive) archive = oem_archive_alloc();

	if (!oem_archive_read_identity(body, archive, error) ||
	    !oem_archive_read_modes(body, archive, error) ||
	    !oem_archive_read_composition(body, archive, error) ||
	    !oem_archive_read_quality(body, archive, error))
		return NULL;
	return g_steal_pointer(&archive);
}

static void
oem_archive_add_partner(JsonObject *obj, const gchar *api_key)
{
	json_object_set_string_member(obj, "projectId", api_key);
	oem_composition_set_key_member(obj, "partnerId", api_key);
}

static void
oem_archive_add_nullable(JsonObject *obj, const gchar *name, const gchar *value)
{
	if (value != NULL)
		json_object_set_string_member(obj, name, value);
	else
		json_object_set_null_member(obj, name);
}

static void
oem_archive_add_composition(JsonObject *obj, OemArchive *archive)
{
	if (archive->individual)
		return;
	json_object_set_string_member(obj, "resolution", archive->resolution);
	json_object_set_object_member(obj, "layout", oem_layout_to_json(archive->layout));
}

static void
oem_archive_add_quality(JsonObject *obj, OemArchive *archive)
{
	if (archive->multi_archive_tag != NULL)
		json_object_set_string_member(obj, "multiArchiveTag", archive->multi_archive_tag);
	if (archive->max_bitrate > 0)
		json_object_set_int_member(obj, "maxBitrate", archive->max_bitrate);
	if (archive->has_qp && archive->qp == floor(archive->qp))
		json_object_set_int_member(obj, "quantizationParameter", (gint64)archive->qp);
	else if (archive->has_qp)
		json_object_set_double_member(obj, "quantizationParameter", archive->qp);
}

JsonNode *
oem_archive_to_json(OemArchive *archive, const gchar *api_key)
{
	JsonObject *obj = json_object_new();
	JsonNode *node = json_node_new(JSON_NODE_OBJECT);

	json_object_set_string_member(obj, "id", archive->id);
	json_object_set_string_member(obj, "status", oem_archive_status_to_string(archive->status));
	oem_archive_add_nullable(obj, "name", archive->name);
	json_object_set_string_member(obj, "reason", archive->reason);
	json_object_set_string_member(obj, "sessionId", archive->session_id);
	oem_archive_add_partner(obj, api_key);
	json_object_set_int_member(obj, "createdAt", archive->created_at);
	json_object_set_int_member(obj, "updatedAt", archive->updated_at);
	json_object_set_int_member(obj, "duration", archive->duration);
	json_object_set_int_member(obj, "size", archive->size);
	oem_archive_add_nullable(obj, "url", archive->url);
	json_object_set_boolean_member(obj, "hasAudio", archive->has_audio);
	json_object_set_boolean_member(obj, "hasVideo", archive->has_video);
	json_object_set_string_member(obj, "outputMode",
				      archive->individual ? "individual" : "composed");
	json_object_set_string_member(obj, "streamMode",
				      archive->manual_streams ? "manual" : "auto");
	oem_archive_add_composition(obj, archive);
	json_object_set_array_member(obj, "streams",
				     oem_composition_streams_to_json(archive->streams));
	oem_archive_add_quality(obj, archive);
	json_node_take_object(node, obj);
	return node;
}

gboolean
oem_archive_is_recording(OemArchive *archive)
{
	return archive->status == OEM_ARCHIVE_STARTED || archive->status == OEM_ARCHIVE_PAUSED;
}

gboolean
oem_archive_conflicts_with(OemArchive *archive, OemArchive *other)
{
	/* simultaneous archives of one session need two different tags */
	if (!oem_archive_is_recording(other) || g_strcmp0(archive->session_id, other->session_id))
		return FALSE;
	return archive->multi_archive_tag == NULL || other->multi_archive_tag == NULL ||
	       g_str_equal(archive->multi_archive_tag, other->multi_archive_tag);
}

void
oem_archive_touch(OemArchive *archive)
{
	archive->updated_at = MAX(oem_now_ms(), archive->created_at);
}

static guint
oem_archive_sync_streams(OemArchive *archive, OemSession *session)
{
	return oem_composition_sync_streams(archive->streams, session, archive->manual_streams,
					    archive->has_audio, archive->has_video);
}

void
oem_archive_start(OemArchive *archive, OemSession *session)
{
	archive->status = OEM_ARCHIVE_STARTED;
	archive->session_had_streams = oem_archive_sync_streams(archive, session) > 0;
}

void
oem_archive_sync(OemArchive *archive, OemSession *session)
{
	guint published;

	if (!oem_archive_is_recording(archive))
		return;
	published = oem_archive_sync_streams(archive, session);
	/* the service pauses when the last stream goes and carries on with the next one */
	if (published > 0 && archive->status == OEM_ARCHIVE_PAUSED) {
		archive->status = OEM_ARCHIVE_STARTED;
		oem_archive_touch(archive);
	} else if (published == 0 && archive->session_had_streams &&
		   archive->status == OEM_ARCHIVE_STARTED) {
		archive->status = OEM_ARCHIVE_PAUSED;
		oem_archive_touch(archive);
	}
	archive->session_had_streams = published > 0;
}

void
oem_archive_stop(OemArchive *archive)
{
	gint64 elapsed = oem_now_ms() - archive->created_at;

	archive->status = OEM_ARCHIVE_STOPPED;
	g_free(archive->reason);
	archive->reason = g_strdup("user initiated");
	/* whole seconds, rounded up: a stopped archive has recorded something */
	archive->duration = MAX(1, (elapsed + 999) / 1000);
	oem_archive_touch(archive);
}

static void
oem_archive_set_size(OemArchive *archive)
{
	gint64 bitrate = archive->max_bitrate;

	if (bitrate == 0)
		bitrate =
		    archive->has_video ? OEM_ARCHIVE_VIDEO_BITRATE : OEM_ARCHIVE_AUDIO_BITRATE;
	archive->size = MAX(1, archive->duration) * bitrate / 8;
}

static void
oem_archive_set_url(OemArchive *archive, const gchar *api_key)
{
	g_autofree gchar *signature = g_uuid_string_random();
	gint64 expires = oem_now_ms() / 1000 + OEM_ARCHIVE_URL_LIFETIME;

	g_free(archive->url);
	/* shaped like the service's signed S3 URL, on a host that never resolves */
	archive->url = g_strdup_printf("https://archives.opentok-emulator.invalid/%s/%s/archive.mp4"
				       "?Expires=%" G_GINT64_FORMAT "&Signature=%s",
				       api_key, archive->id, expires, signature);
}

static gboolean
oem_archive_may_advance(OemArchiveStatus from, OemArchiveStatus to)
{
	switch (from) {
	case OEM_ARCHIVE_STOPPED:
		return to == OEM_ARCHIVE_UPLOADED || to == OEM_ARCHIVE_AVAILABLE ||
		       to == OEM_ARCHIVE_FAILED;
	case OEM_ARCHIVE_UPLOADED:
		return to == OEM_ARCHIVE_AVAILABLE || to == OEM_ARCHIVE_FAILED;
	case OEM_ARCHIVE_AVAILABLE:
		return to == OEM_ARCHIVE_EXPIRED;
	default:
		return FALSE;
	}
}

gboolean
oem_archive_advance(OemArchive *archive, OemArchiveStatus to, const gchar *reason,
		    const gchar *api_key, GError **error)
{
	if (!oem_archive_may_advance(archive->status, to)) {
		g_set_error(error, OEM_ERROR, OEM_ERROR_REFUSED,
			    "an archive cannot go from %s to %s",
			    oem_archive_status_to_string(archive->status),
			    oem_archive_status_to_string(to));
		return FALSE;
	}
	if (to == OEM_ARCHIVE_UPLOADED || to == OEM_ARCHIVE_AVAILABLE)
		oem_archive_set_size(archive);
	if (to == OEM_ARCHIVE_AVAILABLE)
		oem_archive_set_url(archive, api_key);
	else
		g_clear_pointer(&archive->url, g_free);
	if (reason != NULL) {
		g_free(archive->reason);
		archive->reason = g_strdup(reason);
	}
	archive->status = to;
	oem_archive_touch(archive);
	return TRUE;
}

void
oem_archive_delete(OemArchive *archive)
{
	archive->status = OEM_ARCHIVE_DELETED;
	g_clear_pointer(&archive->url, g_free);
	oem_archive_touch(archive);
}
