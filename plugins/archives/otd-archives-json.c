/* Start's options: the table and the rules between options */
#include "config.h"

#include "otd-archives.h"

static const gchar *const otd_output_modes[] = {"composed", "individual", NULL};
static const gchar *const otd_stream_modes[] = {"auto", "manual", NULL};

static const OtdOption otd_archives_start_options[] = {
    {"name", OTD_OPTION_STRING},
    {"has_audio", OTD_OPTION_BOOL},
    {"has_video", OTD_OPTION_BOOL},
    {"output_mode", OTD_OPTION_STRING, NULL, otd_output_modes},
    {"resolution", OTD_OPTION_STRING, NULL, otd_resolutions},
    {"layout", OTD_OPTION_DICT, NULL, NULL, 0, 0, NULL, otd_layout_options},
    {"stream_mode", OTD_OPTION_STRING, NULL, otd_stream_modes},
    {"multi_archive_tag", OTD_OPTION_STRING, NULL, NULL, 1, 256},
    {"max_bitrate", OTD_OPTION_INT, NULL, NULL, 100000, 6000000},
    {"quantization_parameter", OTD_OPTION_INT, NULL, NULL, 15, 40},
    {NULL},
};

static gboolean
otd_archives_refuse(const gchar *message, GError **error)
{
	g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS, message);
	return FALSE;
}

static gboolean
otd_archives_check_start(JsonObject *body, GError **error)
{
	gboolean individual = g_strcmp0(json_object_get_string_member_with_default(
					     body, "outputMode", "composed"),
					 "individual") == 0;

	if (!otd_recording_check_media(body, "an archive", error))
		return FALSE;
	if (json_object_has_member(body, "maxBitrate") &&
	    json_object_has_member(body, "quantizationParameter"))
		return otd_archives_refuse("invalid option 'quantization_parameter': not allowed "
					   "together with 'max_bitrate'",
					   error);
	if (individual && json_object_has_member(body, "resolution"))
		return otd_archives_refuse("invalid option 'resolution': only for composed "
					   "archives, not with output_mode 'individual'",
					   error);
	if (individual && json_object_has_member(body, "layout"))
		return otd_archives_refuse("invalid option 'layout': only for composed archives, "
					   "not with output_mode 'individual'",
					   error);
	if (individual && json_object_has_member(body, "maxBitrate"))
		return otd_archives_refuse("invalid option 'max_bitrate': only for composed "
					   "archives, not with output_mode 'individual'",
					   error);
	if (individual && json_object_has_member(body, "quantizationParameter"))
		return otd_archives_refuse("invalid option 'quantization_parameter': only for "
					   "composed archives, not with output_mode 'individual'",
					   error);
	if (json_object_has_member(body, "layout") &&
	    !otd_layout_check(json_object_get_object_member(body, "layout"), "layout", error))
		return FALSE;
	return TRUE;
}

JsonObject *
otd_archives_start_body(const gchar *session_id, GVariant *options, GError **error)
{
	g_autoptr(JsonObject) opts = otd_options_to_json(otd_archives_start_options, options, error);

	if (opts == NULL || !otd_archives_check_start(opts, error))
		return NULL;
	return otd_recording_start_body(session_id, opts);
}
