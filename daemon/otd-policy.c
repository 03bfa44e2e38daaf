/* the per-caller access policy of DESIGN §3 */
#include "config.h"

#include <grp.h>
#include <pwd.h>
#include <string.h>

#include "otd-error.h"
#include "otd-policy.h"

static const gchar *const otd_policy_areas[] = {
    "archives", "broadcasts", "connections", "signals",		"streams",
    "sip",	"captions",   "renders",     "audio-connector", NULL};
/* in the order of their power */
static const gchar *const otd_policy_roles[] = {"subscriber", "publisheronly", "publisher",
						"moderator", NULL};

typedef struct {
	gboolean is_group;
	guint32 id;
	gchar **capabilities;
} OtdPolicyRule;

struct _OtdPolicy {
	uid_t self_uid;
	GArray *rules; /* OtdPolicyRule */
};

static gint
otd_policy_role_rank(const gchar *role)
{
	for (guint i = 0; otd_policy_roles[i] != NULL; i++) {
		if (g_strcmp0(role, otd_policy_roles[i]) == 0)
			return (gint)i;
	}
	return -1;
}

gboolean
otd_policy_capability_is_valid(const gchar *cap)
{
	g_autofree gchar *area = NULL;
	const gchar *colon = strchr(cap, ':');

	if (g_strv_contains((const gchar *const[]){"sessions", "moderation", "admin", "all", NULL},
			    cap))
		return TRUE;
	if (g_str_has_prefix(cap, "tokens:"))
		return otd_policy_role_rank(cap + 7) >= 0;
	if (colon == NULL)
		return g_strv_contains(otd_policy_areas, cap);
	area = g_strndup(cap, (gsize)(colon - cap));
	return g_strcmp0(colon, ":read") == 0 && g_strv_contains(otd_policy_areas, area);
}

static void
otd_policy_rule_clear(gpointer data)
{
	OtdPolicyRule *rule = data;
	g_strfreev(rule->capabilities);
}

void
otd_policy_free(OtdPolicy *policy)
{
	if (policy == NULL)
		return;
	g_array_unref(policy->rules);
	g_free(policy);
}

/* "user:NAME", "uid:N", "group:NAME", "gid:N" -> id; FALSE (with a warning) to skip */
static gboolean
otd_policy_parse_subject(const gchar *key, gboolean *ret_group, guint32 *ret_id,
			 GError **error)
{
	guint64 n;

	if (g_str_has_prefix(key, "uid:") || g_str_has_prefix(key, "gid:")) {
		if (!g_ascii_string_to_unsigned(key + 4, 10, 0, G_MAXUINT32 - 1, &n, NULL)) {
			g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "[Access] %s: not a number", key);
			return FALSE;
		}
		*ret_group = key[0] == 'g';
		*ret_id = (guint32)n;
		return TRUE;
	}
	if (g_str_has_prefix(key, "user:")) {
		struct passwd *pw = getpwnam(key + 5);
		if (pw == NULL) {
			g_warning("[Access] %s: no such user, ignoring", key);
			return FALSE;
		}
		*ret_group = FALSE;
		*ret_id = pw->pw_uid;
		return TRUE;
	}
	if (g_str_has_prefix(key, "group:")) {
		struct group *gr = getgrnam(key + 6);
		if (gr == NULL) {
			g_warning("[Access] %s: no such group, ignoring", key);
			return FALSE;
		}
		*ret_group = TRUE;
		*ret_id = gr->gr_gid;
		return TRUE;
	}
	g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
		    "[Access] %s: keys are user:NAME, group:NAME, uid:N or gid:N", key);
	return FALSE;
}

static gchar **
otd_policy_parse_capabilities(GKeyFile *kf, const gchar *key, GError **error)
{
	g_auto(GStrv) raw = g_key_file_get_string_list(kf, "Access", key, NULL, NULL);
	g_autoptr(GPtrArray) caps = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; raw != NULL && raw[i] != NULL; i++) {
		g_strstrip(raw[i]);
		if (raw[i][0] == '\0')
			continue;
		if (!otd_policy_capability_is_valid(raw[i])) {
			g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "[Access] %s: unknown capability '%s'", key, raw[i]);
			return NULL;
		}
		g_ptr_array_add(caps, g_strdup(raw[i]));
	}
	g_ptr_array_add(caps, NULL);
	return (gchar **)g_ptr_array_free(g_steal_pointer(&caps), FALSE);
}

OtdPolicy *
otd_policy_new(GKeyFile *keyfile, uid_t self_uid, GError **error)
{
	g_autoptr(OtdPolicy) policy = g_new0(OtdPolicy, 1);
	g_auto(GStrv) keys = NULL;

	policy->self_uid = self_uid;
	policy->rules = g_array_new(FALSE, TRUE, sizeof(OtdPolicyRule));
	g_array_set_clear_func(policy->rules, otd_policy_rule_clear);
	if (keyfile == NULL || !g_key_file_has_group(keyfile, "Access"))
		return g_steal_pointer(&policy);
	keys = g_key_file_get_keys(keyfile, "Access", NULL, NULL);
	for (guint i = 0; keys != NULL && keys[i] != NULL; i++) {
		OtdPolicyRule rule = {0};
		g_autoptr(GError) local = NULL;

		if (!otd_policy_parse_subject(keys[i], &rule.is_group, &rule.id, &local)) {
			if (local != NULL) {
				g_propagate_error(error, g_steal_pointer(&local));
				return NULL;
			}
			continue;
		}
		rule.capabilities = otd_policy_parse_capabilities(keyfile, keys[i], error);
		if (rule.capabilities == NULL)
			return NULL;
		g_array_append_val(policy->rules, rule);
	}
	return g_steal_pointer(&policy);
}

/* whether one granted capability covers the wanted one */
static gboolean
otd_policy_grants(const gchar *granted, const gchar *wanted)
{
	gsize n;

	if (g_strcmp0(granted, "all") == 0 || g_strcmp0(granted, wanted) == 0)
		return TRUE;
	if (g_str_has_prefix(wanted, "tokens")) {
		if (!g_str_has_prefix(granted, "tokens:"))
			return FALSE;
		if (g_strcmp0(wanted, "tokens") == 0)
			return TRUE;
		return g_str_has_prefix(wanted, "tokens:") &&
		       otd_policy_role_rank(granted + 7) >= otd_policy_role_rank(wanted + 7) &&
		       otd_policy_role_rank(wanted + 7) >= 0;
	}
	/* "archives" grants "archives:read" */
	n = strlen(granted);
	return g_str_has_prefix(wanted, granted) && g_strcmp0(wanted + n, ":read") == 0;
}

static gboolean
otd_policy_rule_applies(const OtdPolicyRule *rule, uid_t uid, const guint32 *gids, gsize n_gids)
{
	if (!rule->is_group)
		return rule->id == (guint32)uid;
	for (gsize i = 0; i < n_gids; i++) {
		if (gids[i] == rule->id)
			return TRUE;
	}
	return FALSE;
}

gboolean
otd_policy_allows(const OtdPolicy *policy, uid_t uid, const guint32 *gids, gsize n_gids,
		  const gchar *capability)
{
	if (uid == 0 || uid == policy->self_uid)
		return TRUE;
	for (guint i = 0; i < policy->rules->len; i++) {
		const OtdPolicyRule *rule = &g_array_index(policy->rules, OtdPolicyRule, i);
		if (!otd_policy_rule_applies(rule, uid, gids, n_gids))
			continue;
		for (guint j = 0; rule->capabilities[j] != NULL; j++) {
			if (otd_policy_grants(rule->capabilities[j], capability))
				return TRUE;
		}
	}
	return FALSE;
}
