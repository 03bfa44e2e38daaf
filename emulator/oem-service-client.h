/*
 * What the calls that bring the service into a session share (SIP dial, audio connector, live
 * captions, Experience Composer renders): the sessionId and token members of their bodies, the
 * checks of the session and of the token, and the simulated client the service adds.
 */
#pragma once

#include "oem-http.h"
#include "oem-token.h"

G_BEGIN_DECLS

/* the code the service puts in its 409 for a relayed session */
#define OEM_SERVICE_CODE_RELAYED 15008

/* who may make a call, and on which sessions */
typedef struct {
	const gchar *const *roles; /* the token roles accepted */
	const gchar *routed_only;  /* what a relayed session may not do ("dial out"); NULL: any */
} OemServiceRules;

extern const gchar *const oem_service_publisher_roles[];
extern const gchar *const oem_service_moderator_roles[];

gboolean oem_service_read_ids(JsonObject *body, const gchar **ret_session_id,
			      const gchar **ret_token, GError **error);
OemSession *oem_service_admit(OemRequest *req, const gchar *session_id, const gchar *token,
			      const OemServiceRules *rules, OemTokenInfo **ret_info);
const gchar *oem_service_client_data(OemTokenInfo *info, const gchar *fallback);
OemClient *oem_service_join(OemSession *session, const gchar *data, const gchar *initial_layout,
			    JsonObject *extra);
JsonObject *oem_service_copy_string_map(JsonObject *map);
JsonArray *oem_service_strv_to_json(GStrv strv);
OemStream *oem_service_publish(OemState *state, OemSession *session, OemClient *client,
			       const gchar *name, gboolean has_video);

G_END_DECLS
