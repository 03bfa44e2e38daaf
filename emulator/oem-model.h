/*
 * The objects the emulator models: sessions, the simulated clients connected to them and
 * the streams those clients publish. Area files add what they need on top.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
	gchar *stream_id;
	gchar *video_type; /* "camera" or "screen" */
	gchar *name;
	GStrv layout_class_list;
	gboolean muted;
	gboolean has_video; /* false: audio only (a SIP call without video, an audio connector) */
} OemStream;

typedef struct {
	gchar *connection_id;
	gchar *role;
	gchar *data;	       /* connection_data of the token, "" when none */
	gchar *initial_layout; /* initial_layout_class_list of the token, "" when none */
	gint64 created_at;     /* ms since the epoch */
	GPtrArray *streams;    /* OemStream, in publishing order */
	GPtrArray *signals;    /* JsonNode objects {type, data}, oldest first */
	GPtrArray *dtmf;       /* gchar digits, oldest first */
	JsonObject *extra;     /* members the control view adds for a client the service
				* brought in (SIP call, audio connector, render); NULL */
} OemClient;

typedef struct {
	gchar *session_id;
	gboolean relayed; /* p2p.preference=enabled */
	gchar *archive_mode;
	gchar *archive_name;	   /* NULL unless given */
	gchar *archive_resolution; /* NULL unless given */
	gboolean e2ee;
	gchar *location; /* "" unless given */
	gint64 created_at;
	GPtrArray *clients;	    /* OemClient, in joining order */
	gboolean force_mute_active; /* streams published from now on start muted */
	GStrv force_mute_excluded;  /* ... except these; empty while inactive */
} OemSession;

OemStream *oem_stream_new(const gchar *video_type, const gchar *name, GStrv layout_class_list);
void oem_stream_free(OemStream *stream);
JsonNode *oem_stream_to_json(OemStream *stream);

OemClient *oem_client_new(const gchar *role, const gchar *data, const gchar *initial_layout);
void oem_client_free(OemClient *client);
OemStream *oem_client_lookup_stream(OemClient *client, const gchar *stream_id);
gboolean oem_client_remove_stream(OemClient *client, const gchar *stream_id);
void oem_client_add_signal(OemClient *client, const gchar *type, const gchar *data);
void oem_client_add_dtmf(OemClient *client, const gchar *digits);
JsonNode *oem_client_to_json(OemClient *client);

OemSession *oem_session_new(const gchar *session_id);
void oem_session_free(OemSession *session);
OemClient *oem_session_lookup_client(OemSession *session, const gchar *connection_id);
gboolean oem_session_remove_client(OemSession *session, const gchar *connection_id);
OemStream *oem_session_lookup_stream(OemSession *session, const gchar *stream_id,
				     OemClient **ret_client);
void oem_session_set_force_mute(OemSession *session, gboolean active, GStrv excluded);
gboolean oem_session_force_mutes(OemSession *session, const gchar *stream_id);
JsonNode *oem_session_to_json(OemSession *session);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemStream, oem_stream_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemClient, oem_client_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemSession, oem_session_free)

G_END_DECLS
