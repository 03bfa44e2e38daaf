/* the [Access] policy: which local caller may do what */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

typedef struct _OtdPolicy OtdPolicy;

/*
 * Reads [Access] from @keyfile (absent: only root and the daemon's own user may call).
 * Keys are user:NAME, group:NAME, uid:N and gid:N; values ';'-separated capabilities:
 * sessions, tokens:ROLE, AREA, AREA:read, moderation, admin, all. Unknown capabilities are
 * errors; unknown user and group names are warned about and ignored.
 */
OtdPolicy *
otd_policy_new(GKeyFile *keyfile, uid_t self_uid, GError **error);
void
otd_policy_free(OtdPolicy *policy);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OtdPolicy, otd_policy_free)

/*
 * Whether a caller with @uid and @gids has @capability: "sessions", "admin", "moderation",
 * "AREA", "AREA:read" (also granted by "AREA"), "tokens:ROLE" (granted by a token
 * capability of that role or a stronger one), "tokens" (any token capability). "all" grants
 * everything; root and the daemon's own uid have everything.
 */
gboolean
otd_policy_allows(const OtdPolicy *policy, uid_t uid, const guint32 *gids, gsize n_gids,
		  const gchar *capability);

/* the capability names a policy line may use, for messages */
gboolean
otd_policy_capability_is_valid(const gchar *capability);

G_END_DECLS
