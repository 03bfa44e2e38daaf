/*
 * Test helpers: an emulator on 127.0.0.1 (port 0) driven by a SoupSession on the same main
 * loop, sessions made directly in the state, clients and streams through the control API.
 */
#pragma once

#include "oem-server.h"

G_BEGIN_DECLS

#define OEM_TEST_KEY	"123456"
#define OEM_TEST_SECRET "1234567890abcdef1234567890abcdef1234567890"

typedef struct {
	OemState *state;
	OemServer *server;
	SoupSession *session;
	gchar *base;
} OemFixture;

void oem_fixture_setup(OemFixture *f, gconstpointer user_data);
void oem_fixture_teardown(OemFixture *f, gconstpointer user_data);
gchar *oem_test_jwt(const gchar *extra_claims);
JsonNode *oem_test_call(OemFixture *f, const gchar *method, const gchar *path, const gchar *body,
			gboolean auth, guint *ret_status);
JsonNode *oem_test_api(OemFixture *f, const gchar *method, const gchar *path, const gchar *body,
		       guint *ret_status);
JsonNode *oem_test_control(OemFixture *f, const gchar *method, const gchar *path, const gchar *body,
			   guint *ret_status);
gchar *oem_test_new_session(OemFixture *f, gboolean relayed);
gchar *oem_test_client_token_full(const gchar *sid, const gchar *role, gint64 iat, gint64 exp,
				  const gchar *extra_claims);
gchar *oem_test_client_token(const gchar *sid, const gchar *role);
gchar *oem_test_unknown_session(void);
gchar *oem_test_join(OemFixture *f, const gchar *sid, const gchar *role);
gchar *oem_test_new_joined_session(OemFixture *f, gchar **ret_cid);
gchar *oem_test_publish(OemFixture *f, const gchar *sid, const gchar *cid);
void oem_test_control_delete(OemFixture *f, const gchar *path);
JsonNode *oem_test_find_client(OemFixture *f, const gchar *sid, const gchar *cid);
void oem_test_assert_members(JsonNode *node, const gchar *const *members);
void oem_test_unpublish(OemFixture *f, const gchar *sid, const gchar *cid, const gchar *stid);

G_END_DECLS
