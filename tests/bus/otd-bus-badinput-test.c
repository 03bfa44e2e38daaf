/* bad input over every interface, sent as raw D-Bus calls: each one is refused with a named
 * opentokd error, before any request reaches the emulator, and the daemon lives on */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <systemd/sd-bus.h>

#include "otd-test-env.h"

#define ROOT	"/org/opentokd/OpenTok1"
#define IFACE	"org.opentokd.OpenTok1"
#define ERR	"org.opentokd.OpenTok1.Error."

/* what the builders need: a real session id and some long strings */
typedef struct {
	const gchar *sid;
	gchar *long_id;	    /* 300 bytes of 'a' */
	gchar *data_1001;   /* token data one over the limit */
	gchar *type_129;    /* signal type one over the limit */
	gchar *data_8193;   /* signal data one over the limit */
	gchar *header_600;  /* a header value too long for the audio connector */
	gchar *url_3000;    /* a URL over 2048 characters */
} Ctx;

typedef int (*Builder)(sd_bus_message *m, const Ctx *c);

typedef struct {
	const gchar *area; /* "" for the root object */
	const gchar *member;
	const gchar *signature;
	Builder build;
	const gchar *errors;	/* '|'-separated short names that are acceptable */
	const gchar *needle;	/* a part of the message (e.g. the key), or NULL */
	const gchar *what;
} Case;

#define B(name) static int name(sd_bus_message *m, G_GNUC_UNUSED const Ctx *c)
#define A(...) return sd_bus_message_append(m, __VA_ARGS__)

/* ---- root ---- */
B(cs_enum_case) { A("a{sv}", 1, "media_mode", "s", "Routed"); }
B(cs_unknown_key) { A("a{sv}", 2, "media_mode", "s", "routed", "colour", "s", "blue"); }
B(cs_e2ee_string) { A("a{sv}", 1, "e2ee", "s", "true"); }
B(cs_bad_location) { A("a{sv}", 1, "location", "s", "300.1.2.3"); }
B(cs_always_relayed)
{
	A("a{sv}", 2, "archive_mode", "s", "always", "media_mode", "s", "relayed");
}
B(cs_archive_mode_int) { A("a{sv}", 1, "archive_mode", "i", 1); }
B(gt_role_case) { A("sa{sv}", c->sid, 1, "role", "s", "Moderator"); }
B(gt_role_int) { A("sa{sv}", c->sid, 1, "role", "i", 3); }
B(gt_expire_past)
{
	A("sa{sv}", c->sid, 1, "expire_time", "x", (int64_t)(g_get_real_time() / G_USEC_PER_SEC - 3600));
}
B(gt_expire_future)
{
	A("sa{sv}", c->sid, 1, "expire_time", "x",
	  (int64_t)(g_get_real_time() / G_USEC_PER_SEC + 40 * 24 * 3600));
}
B(gt_expire_u64) { A("sa{sv}", c->sid, 1, "expire_time", "t", (uint64_t)UINT64_MAX); }
B(gt_expire_string) { A("sa{sv}", c->sid, 1, "expire_time", "s", "tomorrow"); }
B(gt_data_long) { A("sa{sv}", c->sid, 1, "data", "s", c->data_1001); }
B(gt_empty_session) { A("sa{sv}", "", 0); }
B(gt_garbage_session) { A("sa{sv}", "not a session", 0); }
B(gt_classes_string) { A("sa{sv}", c->sid, 1, "initial_layout_class_list", "s", "focus"); }
B(gt_token_type_case) { A("sa{sv}", c->sid, 1, "token_type", "s", "jwt"); }
B(gt_unknown_key) { A("sa{sv}", c->sid, 1, "permissions", "s", "all"); }

/* ---- Archives ---- */
B(ar_has_audio_string) { A("sa{sv}", c->sid, 1, "has_audio", "s", "yes"); }
B(ar_layout_string) { A("sa{sv}", c->sid, 1, "layout", "s", "bestFit"); }
B(ar_bitrate_u64) { A("sa{sv}", c->sid, 1, "max_bitrate", "t", (uint64_t)INT64_MAX + 2); }
B(ar_bitrate_low) { A("sa{sv}", c->sid, 1, "max_bitrate", "x", (int64_t)50); }
B(ar_bitrate_double) { A("sa{sv}", c->sid, 1, "max_bitrate", "d", 2000000.0); }
B(ar_output_case) { A("sa{sv}", c->sid, 1, "output_mode", "s", "Composed"); }
B(ar_layout_nested_unknown)
{
	A("sa{sv}", c->sid, 1, "layout", "a{sv}", 2, "type", "s", "bestFit", "gravity", "s",
	  "down");
}
B(ar_resolution) { A("sa{sv}", c->sid, 1, "resolution", "s", "1280X720"); }
B(ar_no_media) { A("sa{sv}", c->sid, 2, "has_audio", "b", 0, "has_video", "b", 0); }
B(ar_qp_byte) { A("sa{sv}", c->sid, 1, "quantization_parameter", "y", (uint8_t)200); }
B(ar_empty_session) { A("sa{sv}", "", 0); }
B(ar_get_empty) { A("s", ""); }
B(ar_get_space) { A("s", "an id"); }
B(ar_get_control) { A("s", "id\twith\ttabs"); }
B(ar_get_slash) { A("s", "../../session/x"); }
B(ar_list_count_string) { A("a{sv}", 1, "count", "s", "10"); }
B(ar_list_count_high) { A("a{sv}", 1, "count", "u", (uint32_t)1001); }
B(ar_list_offset_neg) { A("a{sv}", 1, "offset", "x", (int64_t)-1); }
B(ar_list_unknown) { A("a{sv}", 1, "page", "u", (uint32_t)2); }
B(ar_layout_custom_no_css) { A("sa{sv}", "0123", 1, "type", "s", "custom"); }
B(ar_layout_type_int) { A("sa{sv}", "0123", 1, "type", "i", 3); }
B(ar_add_empty_stream) { A("ssa{sv}", "0123", "", 0); }
B(ar_add_has_audio_int) { A("ssa{sv}", "0123", "stream", 1, "has_audio", "i", 1); }
B(ar_remove_space) { A("ss", "0123", "a stream"); }

/* ---- Broadcasts ---- */
B(bc_no_outputs) { A("sa{sv}", c->sid, 0); }
B(bc_hls_string) { A("sa{sv}", c->sid, 1, "outputs", "a{sv}", 1, "hls", "s", "on"); }
B(bc_rtmp_http)
{
	A("sa{sv}", c->sid, 1, "outputs", "a{sv}", 1, "rtmp", "aa{sv}", 1, 3, "id", "s", "a",
	  "server_url", "s", "http://example.com/live", "stream_name", "s", "k");
}
static int
bc_too_many_rtmp(sd_bus_message *m, const Ctx *c)
{
	int r = sd_bus_message_append(m, "s", c->sid);
	r = r < 0 ? r : sd_bus_message_open_container(m, 'a', "{sv}");
	r = r < 0 ? r : sd_bus_message_open_container(m, 'e', "sv");
	r = r < 0 ? r : sd_bus_message_append(m, "s", "outputs");
	r = r < 0 ? r : sd_bus_message_open_container(m, 'v', "a{sv}");
	r = r < 0 ? r : sd_bus_message_open_container(m, 'a', "{sv}");
	r = r < 0 ? r : sd_bus_message_open_container(m, 'e', "sv");
	r = r < 0 ? r : sd_bus_message_append(m, "s", "rtmp");
	r = r < 0 ? r : sd_bus_message_open_container(m, 'v', "aa{sv}");
	r = r < 0 ? r : sd_bus_message_open_container(m, 'a', "a{sv}");
	for (int i = 0; i < 6 && r >= 0; i++) {
		char id[8];
		snprintf(id, sizeof(id), "t%d", i);
		r = sd_bus_message_append(m, "a{sv}", 3, "id", "s", id, "server_url", "s",
					  "rtmp://example.com/live", "stream_name", "s", id);
	}
	/* the array, then the variant, entry and dict of outputs and of the options */
	for (int i = 0; i < 7 && r >= 0; i++)
		r = sd_bus_message_close_container(m);
	return r;
}
B(bc_dvr_low_latency)
{
	A("sa{sv}", c->sid, 1, "outputs", "a{sv}", 1, "hls", "a{sv}", 2, "dvr", "b", 1,
	  "low_latency", "b", 1);
}
B(bc_duration_low)
{
	A("sa{sv}", c->sid, 2, "outputs", "a{sv}", 1, "hls", "a{sv}", 0, "max_duration", "u",
	  (uint32_t)10);
}
B(bc_hls_nested_unknown)
{
	A("sa{sv}", c->sid, 1, "outputs", "a{sv}", 1, "hls", "a{sv}", 1, "rewind", "b", 1);
}
B(bc_rtmp_no_stream_name)
{
	A("sa{sv}", c->sid, 1, "outputs", "a{sv}", 1, "rtmp", "aa{sv}", 1, 2, "id", "s", "a",
	  "server_url", "s", "rtmp://example.com/live");
}
B(bc_list_count_u64) { A("a{sv}", 1, "count", "t", (uint64_t)INT64_MAX + 1); }

/* ---- Connections ---- */
B(cn_list_empty) { A("s", ""); }
B(cn_list_long) { A("s", c->long_id); }
B(cn_disconnect_space) { A("ss", c->sid, "a connection"); }
B(cn_disconnect_empty) { A("ss", c->sid, ""); }

/* ---- Streams ---- */
B(st_empty_class) { A("sa{sas}", c->sid, 1, "stream-1", 1, ""); }
B(st_no_streams) { A("sa{sas}", c->sid, 0); }
B(st_class_space) { A("sa{sas}", c->sid, 1, "stream-1", 1, "big one"); }
static int
st_too_many_classes(sd_bus_message *m, const Ctx *c)
{
	int r = sd_bus_message_append(m, "s", c->sid);
	r = r < 0 ? r : sd_bus_message_open_container(m, 'a', "{sas}");
	r = r < 0 ? r : sd_bus_message_open_container(m, 'e', "sas");
	r = r < 0 ? r : sd_bus_message_append(m, "s", "stream-1");
	r = r < 0 ? r : sd_bus_message_open_container(m, 'a', "s");
	for (int i = 0; i < 65 && r >= 0; i++) {
		char name[16];
		snprintf(name, sizeof(name), "class%d", i);
		r = sd_bus_message_append(m, "s", name);
	}
	for (int i = 0; i < 3 && r >= 0; i++)
		r = sd_bus_message_close_container(m);
	return r;
}
B(st_empty_stream_id) { A("sa{sas}", c->sid, 1, "", 1, "focus"); }
B(st_mute_empty) { A("ss", c->sid, ""); }
B(st_get_empty_session) { A("ss", "", "stream-1"); }

/* ---- Signals ---- */
B(sg_type_long) { A("ssa{sv}", c->sid, "", 2, "type", "s", c->type_129, "data", "s", ""); }
B(sg_data_long) { A("ssa{sv}", c->sid, "", 2, "type", "s", "chat", "data", "s", c->data_8193); }
B(sg_type_space) { A("ssa{sv}", c->sid, "", 2, "type", "s", "chat room", "data", "s", "x"); }
B(sg_data_int) { A("ssa{sv}", c->sid, "", 1, "data", "i", 5); }
B(sg_unknown_key)
{
	A("ssa{sv}", c->sid, "", 2, "data", "s", "x", "priority", "s", "high");
}
B(sg_connection_space)
{
	A("ssa{sv}", c->sid, "a connection", 1, "data", "s", "x");
}

/* ---- Sip ---- */
B(sp_http_uri) { A("sssa{sv}", c->sid, "", "http://example.com", 0); }
B(sp_no_user) { A("sssa{sv}", c->sid, "", "sip:", 0); }
B(sp_auth_half)
{
	A("sssa{sv}", c->sid, "", "sip:alice@example.com", 1, "auth", "a{sv}", 1, "username", "s",
	  "u");
}
B(sp_headers_asv)
{
	A("sssa{sv}", c->sid, "", "sip:alice@example.com", 1, "headers", "a{sv}", 1, "X-A", "s",
	  "b");
}
B(sp_secure_string)
{
	A("sssa{sv}", c->sid, "", "sip:alice@example.com", 1, "secure", "s", "yes");
}
B(sp_dtmf_bad) { A("sss", c->sid, "", "12x"); }
B(sp_dtmf_empty) { A("sss", c->sid, "", ""); }

/* ---- AudioConnector ---- */
B(ac_http_uri) { A("sssa{sv}", c->sid, "", "http://example.com/ws", 0); }
B(ac_rate) { A("sssa{sv}", c->sid, "", "wss://example.com/ws", 1, "audio_rate", "u", (uint32_t)44100); }
B(ac_headers_big)
{
	A("sssa{sv}", c->sid, "", "wss://example.com/ws", 1, "headers", "a{ss}", 1, "X-Big",
	  c->header_600);
}
B(ac_streams_string)
{
	A("sssa{sv}", c->sid, "", "wss://example.com/ws", 1, "streams", "s", "stream-1");
}

/* ---- Captions ---- */
B(cp_language) { A("ssa{sv}", c->sid, "", 1, "language_code", "s", "english"); }
B(cp_duration) { A("ssa{sv}", c->sid, "", 1, "max_duration", "i", 10); }
B(cp_callback_ftp)
{
	A("ssa{sv}", c->sid, "", 1, "status_callback_url", "s", "ftp://example.com/callback");
}
B(cp_stop_empty) { A("s", ""); }

/* ---- Renders ---- */
B(rn_ftp) { A("sssa{sv}", c->sid, "", "ftp://example.com/page", 0); }
B(rn_url_long) { A("sssa{sv}", c->sid, "", c->url_3000, 0); }
B(rn_name_empty)
{
	A("sssa{sv}", c->sid, "", "https://example.com/page", 1, "properties", "a{sv}", 1, "name",
	  "s", "");
}
B(rn_resolution)
{
	A("sssa{sv}", c->sid, "", "https://example.com/page", 1, "resolution", "s", "1x1");
}
B(rn_list_count_neg) { A("a{sv}", 1, "count", "i", -1); }
B(rn_list_session) { A("a{sv}", 1, "session_id", "s", c->sid); }
B(rn_get_empty) { A("s", ""); }

#define IA "InvalidArgs"

static const Case cases[] = {
    {"", "CreateSession", "a{sv}", cs_enum_case, IA, "media_mode", "enum in the wrong case"},
    {"", "CreateSession", "a{sv}", cs_unknown_key, IA, "colour", "unknown key"},
    {"", "CreateSession", "a{sv}", cs_e2ee_string, IA, "e2ee", "bool as a string"},
    {"", "CreateSession", "a{sv}", cs_bad_location, IA, "location", "not an IPv4 address"},
    {"", "CreateSession", "a{sv}", cs_always_relayed, IA, NULL, "always + relayed"},
    {"", "CreateSession", "a{sv}", cs_archive_mode_int, IA, "archive_mode", "enum as int"},
    {"", "GenerateToken", "sa{sv}", gt_role_case, IA, "role", "role in the wrong case"},
    {"", "GenerateToken", "sa{sv}", gt_role_int, IA, "role", "role as int"},
    {"", "GenerateToken", "sa{sv}", gt_expire_past, IA, "expire_time", "expiry in the past"},
    {"", "GenerateToken", "sa{sv}", gt_expire_future, IA, "expire_time", "expiry in 40 days"},
    {"", "GenerateToken", "sa{sv}", gt_expire_u64, IA, "expire_time", "expiry UINT64_MAX"},
    {"", "GenerateToken", "sa{sv}", gt_expire_string, IA, "expire_time", "expiry as string"},
    {"", "GenerateToken", "sa{sv}", gt_data_long, IA "|TooLarge", "data", "data 1001 chars"},
    {"", "GenerateToken", "sa{sv}", gt_empty_session, IA, NULL, "empty session id"},
    {"", "GenerateToken", "sa{sv}", gt_garbage_session, IA, NULL, "garbage session id"},
    {"", "GenerateToken", "sa{sv}", gt_classes_string, IA, "initial_layout_class_list",
     "class list as s"},
    {"", "GenerateToken", "sa{sv}", gt_token_type_case, IA, "token_type", "jwt lower case"},
    {"", "GenerateToken", "sa{sv}", gt_unknown_key, IA, "permissions", "unknown key"},

    {"Archives", "Start", "sa{sv}", ar_has_audio_string, IA, "has_audio", "bool as string"},
    {"Archives", "Start", "sa{sv}", ar_layout_string, IA, "layout", "layout as s"},
    {"Archives", "Start", "sa{sv}", ar_bitrate_u64, IA, "max_bitrate", "t above INT64_MAX"},
    {"Archives", "Start", "sa{sv}", ar_bitrate_low, IA, "max_bitrate", "bitrate too low"},
    {"Archives", "Start", "sa{sv}", ar_bitrate_double, IA, "max_bitrate", "bitrate as d"},
    {"Archives", "Start", "sa{sv}", ar_output_case, IA, "output_mode", "enum wrong case"},
    {"Archives", "Start", "sa{sv}", ar_layout_nested_unknown, IA, "gravity",
     "nested unknown key"},
    {"Archives", "Start", "sa{sv}", ar_resolution, IA, "resolution", "1280X720"},
    {"Archives", "Start", "sa{sv}", ar_no_media, IA, NULL, "no audio and no video"},
    {"Archives", "Start", "sa{sv}", ar_qp_byte, IA, "quantization_parameter", "qp 200 as y"},
    {"Archives", "Start", "sa{sv}", ar_empty_session, IA, NULL, "empty session id"},
    {"Archives", "Get", "s", ar_get_empty, IA, NULL, "empty id"},
    {"Archives", "Get", "s", ar_get_space, IA, NULL, "id with a space"},
    {"Archives", "Get", "s", ar_get_control, IA, NULL, "id with tabs"},
    {"Archives", "Get", "s", ar_get_slash, IA, NULL, "id with '/' and '..'"},
    {"Connections", "List", "s", ar_get_slash, IA, NULL, "session id with '/'"},
    {"Archives", "List", "a{sv}", ar_list_count_string, IA, "count", "count as string"},
    {"Archives", "List", "a{sv}", ar_list_count_high, IA, "count", "count 1001"},
    {"Archives", "List", "a{sv}", ar_list_offset_neg, IA, "offset", "offset -1"},
    {"Archives", "List", "a{sv}", ar_list_unknown, IA, "page", "unknown filter"},
    {"Archives", "Stop", "s", ar_get_space, IA, NULL, "id with a space"},
    {"Archives", "Delete", "s", ar_get_empty, IA, NULL, "empty id"},
    {"Archives", "SetLayout", "sa{sv}", ar_layout_custom_no_css, IA, "stylesheet",
     "custom without stylesheet"},
    {"Archives", "SetLayout", "sa{sv}", ar_layout_type_int, IA, "type", "type as int"},
    {"Archives", "AddStream", "ssa{sv}", ar_add_empty_stream, IA, NULL, "empty stream id"},
    {"Archives", "AddStream", "ssa{sv}", ar_add_has_audio_int, IA, "has_audio", "bool as int"},
    {"Archives", "RemoveStream", "ss", ar_remove_space, IA, NULL, "stream id with space"},

    {"Broadcasts", "Start", "sa{sv}", bc_no_outputs, IA, "outputs", "no outputs"},
    {"Broadcasts", "Start", "sa{sv}", bc_hls_string, IA, "hls", "hls as s"},
    {"Broadcasts", "Start", "sa{sv}", bc_rtmp_http, IA, "server_url", "http RTMP URL"},
    {"Broadcasts", "Start", "sa{sv}", bc_too_many_rtmp, IA, "rtmp", "six RTMP targets"},
    {"Broadcasts", "Start", "sa{sv}", bc_dvr_low_latency, IA, NULL, "dvr + low latency"},
    {"Broadcasts", "Start", "sa{sv}", bc_duration_low, IA, "max_duration", "duration 10"},
    {"Broadcasts", "Start", "sa{sv}", bc_hls_nested_unknown, IA, "rewind",
     "nested unknown key"},
    {"Broadcasts", "Start", "sa{sv}", bc_rtmp_no_stream_name, IA, "stream_name",
     "RTMP target without stream name"},
    {"Broadcasts", "List", "a{sv}", bc_list_count_u64, IA, "count", "count 2^63 as t"},
    {"Broadcasts", "Get", "s", ar_get_empty, IA, NULL, "empty id"},

    {"Connections", "List", "s", cn_list_empty, IA, NULL, "empty session id"},
    {"Connections", "List", "s", cn_list_long, IA, NULL, "300-byte session id"},
    {"Connections", "ForceDisconnect", "ss", cn_disconnect_space, IA, NULL,
     "connection id with space"},
    {"Connections", "ForceDisconnect", "ss", cn_disconnect_empty, IA, NULL,
     "empty connection id"},

    {"Streams", "SetLayoutClasses", "sa{sas}", st_empty_class, IA, NULL, "empty class name"},
    {"Streams", "SetLayoutClasses", "sa{sas}", st_no_streams, IA, NULL, "no streams"},
    {"Streams", "SetLayoutClasses", "sa{sas}", st_class_space, IA, NULL, "class with space"},
    {"Streams", "SetLayoutClasses", "sa{sas}", st_too_many_classes, IA, NULL, "65 classes"},
    {"Streams", "SetLayoutClasses", "sa{sas}", st_empty_stream_id, IA, NULL,
     "empty stream id"},
    {"Streams", "ForceMute", "ss", st_mute_empty, IA, NULL, "empty stream id"},
    {"Streams", "Get", "ss", st_get_empty_session, IA, NULL, "empty session id"},

    {"Signals", "Send", "ssa{sv}", sg_type_long, "TooLarge", "type", "type 129 bytes"},
    {"Signals", "Send", "ssa{sv}", sg_data_long, "TooLarge", "data", "data 8193 bytes"},
    {"Signals", "Send", "ssa{sv}", sg_type_space, IA, "type", "type with a space"},
    {"Signals", "Send", "ssa{sv}", sg_data_int, IA, "data", "data as int"},
    {"Signals", "Send", "ssa{sv}", sg_unknown_key, IA, "priority", "unknown key"},
    {"Signals", "Send", "ssa{sv}", sg_connection_space, IA, NULL, "connection id with space"},

    {"Sip", "Dial", "sssa{sv}", sp_http_uri, IA, NULL, "http URI"},
    {"Sip", "Dial", "sssa{sv}", sp_no_user, IA, NULL, "URI without user"},
    {"Sip", "Dial", "sssa{sv}", sp_auth_half, IA, "auth", "auth without password"},
    {"Sip", "Dial", "sssa{sv}", sp_headers_asv, IA, "headers", "headers as a{sv}"},
    {"Sip", "Dial", "sssa{sv}", sp_secure_string, IA, "secure", "bool as string"},
    {"Sip", "PlayDtmf", "sss", sp_dtmf_bad, IA, NULL, "digit x"},
    {"Sip", "PlayDtmf", "sss", sp_dtmf_empty, IA, NULL, "no digits"},

    {"AudioConnector", "Connect", "sssa{sv}", ac_http_uri, IA, NULL, "http URI"},
    {"AudioConnector", "Connect", "sssa{sv}", ac_rate, IA, "audio_rate", "rate 44100"},
    {"AudioConnector", "Connect", "sssa{sv}", ac_headers_big, IA "|TooLarge", "headers",
     "600-byte header"},
    {"AudioConnector", "Connect", "sssa{sv}", ac_streams_string, IA, "streams", "streams as s"},

    {"Captions", "Start", "ssa{sv}", cp_language, IA, "language_code", "language 'english'"},
    {"Captions", "Start", "ssa{sv}", cp_duration, IA, "max_duration", "duration 10"},
    {"Captions", "Start", "ssa{sv}", cp_callback_ftp, IA, "status_callback_url", "ftp URL"},
    {"Captions", "Stop", "s", cp_stop_empty, IA, NULL, "empty id"},

    {"Renders", "Start", "sssa{sv}", rn_ftp, IA, NULL, "ftp URL"},
    {"Renders", "Start", "sssa{sv}", rn_url_long, IA, NULL, "3000-char URL"},
    {"Renders", "Start", "sssa{sv}", rn_name_empty, IA, "name", "empty name"},
    {"Renders", "Start", "sssa{sv}", rn_resolution, IA, "resolution", "resolution 1x1"},
    {"Renders", "List", "a{sv}", rn_list_count_neg, IA, "count", "count -1"},
    {"Renders", "List", "a{sv}", rn_list_session, IA, "session_id", "session filter"},
    {"Renders", "Get", "s", rn_get_empty, IA, NULL, "empty id"},
    {"Renders", "Stop", "s", rn_get_empty, IA, NULL, "empty id"},
};

static gboolean
name_allowed(const gchar *name, const gchar *errors)
{
	g_auto(GStrv) list = g_strsplit(errors, "|", -1);
	if (!g_str_has_prefix(name, ERR))
		return FALSE;
	return g_strv_contains((const gchar *const *)list, name + strlen(ERR));
}

static void
test_catalogue(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	g_autofree gchar *sid = otd_test_env_create_session(env);
	sd_bus *bus = otd_test_env_open_bus(env);
	guint failures = 0;
	Ctx ctx = {
	    .sid = sid,
	    .long_id = g_strnfill(300, 'a'),
	    .data_1001 = g_strnfill(1001, 'd'),
	    .type_129 = g_strnfill(129, 't'),
	    .data_8193 = g_strnfill(8193, 'x'),
	    .header_600 = g_strnfill(600, 'h'),
	};
	guint status = 0;
	g_autoptr(JsonNode) cleared = NULL;
	g_autofree gchar *pad = g_strnfill(3000, 'p');

	ctx.url_3000 = g_strconcat("https://example.com/", pad, NULL);
	cleared = otd_test_env_http(env, "DELETE", "/_emulator/requests", NULL, &status);
	g_assert_cmpuint(status, ==, 204);
	g_assert_cmpuint(otd_test_env_request_count(env), ==, 0);

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		const Case *k = &cases[i];
		g_autofree gchar *path =
		    *k->area ? g_strconcat(ROOT "/", k->area, NULL) : g_strdup(ROOT);
		g_autofree gchar *iface =
		    *k->area ? g_strconcat(IFACE ".", k->area, NULL) : g_strdup(IFACE);
		sd_bus_message *call = NULL, *reply = NULL;
		sd_bus_error error = SD_BUS_ERROR_NULL;
		guint requests;
		int r;

		g_assert_cmpint(sd_bus_message_new_method_call(bus, &call, IFACE, path, iface,
							       k->member),
				>=, 0);
		r = k->build(call, &ctx);
		if (r < 0)
			g_error("case %u (%s.%s %s): building failed: %s", i, k->area, k->member,
				k->what, g_strerror(-r));
		g_assert_cmpstr(sd_bus_message_get_signature(call, 1), ==, k->signature);
		r = sd_bus_call(bus, call, 15 * G_USEC_PER_SEC, &error, &reply);
		requests = otd_test_env_request_count(env);
		if (r >= 0) {
			g_test_message("FAIL case %u %s.%s (%s): accepted", i, k->area, k->member,
				       k->what);
			failures++;
		} else if (!name_allowed(error.name, k->errors)) {
			g_test_message("FAIL case %u %s.%s (%s): %s: %s (want %s)", i, k->area,
				       k->member, k->what, error.name, error.message, k->errors);
			failures++;
		} else if (k->needle != NULL && strstr(error.message, k->needle) == NULL) {
			g_test_message("FAIL case %u %s.%s (%s): message '%s' lacks '%s'", i,
				       k->area, k->member, k->what, error.message, k->needle);
			failures++;
		} else if (requests != 0) {
			g_test_message("FAIL case %u %s.%s (%s): %u request(s) reached the API", i,
				       k->area, k->member, k->what, requests);
			failures++;
		}
		if (requests != 0) {
			g_autoptr(JsonNode) n =
			    otd_test_env_http(env, "DELETE", "/_emulator/requests", NULL, NULL);
		}
		sd_bus_error_free(&error);
		sd_bus_message_unref(call);
		sd_bus_message_unref(reply);
	}
	g_test_message("%u bad-input cases, %u failed", (guint)G_N_ELEMENTS(cases), failures);
	g_assert_cmpuint(G_N_ELEMENTS(cases), >=, 40);
	g_assert_cmpuint(failures, ==, 0);

	/* still alive and answering */
	{
		sd_bus_error error = SD_BUS_ERROR_NULL;
		sd_bus_message *reply = NULL;
		int r = sd_bus_call_method(bus, IFACE, ROOT, "org.freedesktop.DBus.Peer", "Ping",
					   &error, &reply, "");
		g_assert_cmpint(r, >=, 0);
		sd_bus_message_unref(reply);
		sd_bus_error_free(&error);
	}
	g_assert_nonnull(g_subprocess_get_identifier(env->daemon));

	sd_bus_flush_close_unref(bus);
	g_free(ctx.long_id);
	g_free(ctx.data_1001);
	g_free(ctx.type_129);
	g_free(ctx.data_8193);
	g_free(ctx.header_600);
	g_free(ctx.url_3000);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/bus/badinput/catalogue", test_catalogue);
	return g_test_run();
}
