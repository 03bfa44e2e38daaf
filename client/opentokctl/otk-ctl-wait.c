/*
 * The wait subcommand of jobs with a lifecycle (archive wait, see OtkCtlLifecycle in
 * otk-ctl.h): polls the job with its Get until it has the status asked for and prints it
 * as get does. It fails (exit 1) as soon as the job is in a status from which that one
 * cannot be reached, and gives up after --timeout (exit 4, OTK_CTL_EXIT_TIMEOUT). Errors of
 * the calls end the wait as they end any command.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "otk-ctl.h"

enum {
	OPT_STATUS = OTK_CTL_OPT_COMMAND,
	OPT_TIMEOUT,
	OPT_INTERVAL,
};

#define OTK_CTL_WAIT_DEFAULT_TIMEOUT_S	60
#define OTK_CTL_WAIT_DEFAULT_INTERVAL_S 1
/* the longest --timeout or --interval: a year, far from any overflow */
#define OTK_CTL_WAIT_MAX_S (366 * 24 * 3600)

typedef struct {
	const OtkCtlLifecycle *lifecycle;
	int target; /* an index into lifecycle->statuses; -1 until --status */
	int64_t timeout_s;
	int64_t interval_s;
} OtkCtlWaitArgs;

static int64_t
otk_ctl_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
otk_ctl_sleep_ms(int64_t ms)
{
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int
otk_ctl_lifecycle_find(const OtkCtlLifecycle *lifecycle, const char *status)
{
	for (size_t i = 0; i < lifecycle->n_statuses; i++) {
		if (strcmp(lifecycle->statuses[i], status) == 0)
			return (int)i;
	}
	return -1;
}

/* false only for a status we know that cannot lead to @to: an unknown one may */
static bool
otk_ctl_lifecycle_can_reach(const OtkCtlLifecycle *lifecycle, const char *status, int to)
{
	int from = otk_ctl_lifecycle_find(lifecycle, status);
	unsigned seen, before;

	if (from < 0)
		return true;
	seen = 1u << from;
	do {
		before = seen;
		for (size_t i = 0; i < lifecycle->n_statuses; i++) {
			if ((before & (1u << i)) != 0)
				seen |= lifecycle->next[i];
		}
	} while (seen != before);
	return (seen & (1u << to)) != 0;
}

static int
otk_ctl_wait_status_option(OtkCtl *ctl, OtkCtlWaitArgs *args, const char *value)
{
	const OtkCtlLifecycle *lifecycle = args->lifecycle;
	char list[256] = "";

	args->target = otk_ctl_lifecycle_find(lifecycle, value);
	if (args->target >= 0)
		return OTK_CTL_CONTINUE;
	for (size_t i = 0; i < lifecycle->n_statuses; i++) {
		const char *separator = i + 1 == lifecycle->n_statuses ? " or " : ", ";
		size_t len = strlen(list);

		snprintf(list + len,
			 sizeof(list) - len,
			 "%s%s",
			 i == 0 ? "" : separator,
			 lifecycle->statuses[i]);
	}
	return otk_ctl_usage_error(ctl, "--status must be %s, not '%s'", list, value);
}

static int
otk_ctl_wait_seconds_option(
    OtkCtl *ctl, const char *name, const char *value, int64_t min, int64_t *ret_seconds)
{
	int64_t seconds;

	if (!otk_ctl_parse_int64(value, &seconds) || seconds < min || seconds > OTK_CTL_WAIT_MAX_S)
		return otk_ctl_usage_error(ctl,
					   "--%s needs a whole number of seconds from %lld to %d, "
					   "not '%s'",
					   name,
					   (long long)min,
					   OTK_CTL_WAIT_MAX_S,
					   value);
	*ret_seconds = seconds;
	return OTK_CTL_CONTINUE;
}

static int
otk_ctl_wait_option(OtkCtl *ctl, int option, const char *value, void *user_data)
{
	OtkCtlWaitArgs *args = user_data;

	switch (option) {
	case OPT_STATUS:
		return otk_ctl_wait_status_option(ctl, args, value);
	case OPT_TIMEOUT:
		return otk_ctl_wait_seconds_option(ctl, "timeout", value, 0, &args->timeout_s);
	case OPT_INTERVAL:
		return otk_ctl_wait_seconds_option(ctl, "interval", value, 1, &args->interval_s);
	default:
		return OTK_CTL_NOT_COMMON;
	}
}

/* a call that ran into the deadline rather than failing on its own */
static bool
otk_ctl_wait_error_is_timeout(const OtkCallError *error)
{
	const char *name = otk_call_error_get_name(error);

	return otk_call_error_get_code(error) == OTK_ERROR_TIMED_OUT ||
	       (name != NULL && (strcmp(name, "org.freedesktop.DBus.Error.Timeout") == 0 ||
				 strcmp(name, "org.freedesktop.DBus.Error.NoReply") == 0));
}

static int
otk_ctl_wait_timed_out(const OtkCtlWaitArgs *args, const char *id, const char *last_status)
{
	const OtkCtlLifecycle *lifecycle = args->lifecycle;

	otk_ctl_fail("timed out after %lld s waiting for %s '%s' to be '%s'%s%s%s",
		     (long long)args->timeout_s,
		     lifecycle->noun,
		     id,
		     lifecycle->statuses[args->target],
		     last_status[0] != '\0' ? " (it is '" : "",
		     last_status,
		     last_status[0] != '\0' ? "')" : "");
	return OTK_CTL_EXIT_TIMEOUT;
}

/* the job is where it will stay away from the target: say so, with the API's reason */
static int
otk_ctl_wait_dead_end(const OtkCtlWaitArgs *args, const char *id, const OtkDict *job)
{
	const OtkCtlLifecycle *lifecycle = args->lifecycle;
	const char *reason = otk_dict_get_string(job, "reason");
	bool has_reason = reason != NULL && reason[0] != '\0';

	return otk_ctl_fail("%s '%s' is '%s'%s%s%s and will not become '%s'",
			    lifecycle->noun,
			    id,
			    otk_dict_get_string(job, "status"),
			    has_reason ? " (reason: " : "",
			    has_reason ? reason : "",
			    has_reason ? ")" : "",
			    lifecycle->statuses[args->target]);
}

/* one Get, bounded so that it outlasts the deadline by a second at most */
static int
otk_ctl_wait_get(OtkCtl *ctl,
		 const OtkCtlWaitArgs *args,
		 const char *id,
		 int64_t deadline,
		 OtkDict **ret_job,
		 OtkCallError **ret_error)
{
	int64_t left = deadline - otk_ctl_now_ms();

	if (left < 1000)
		left = 1000;
	if (left > OTK_CLIENT_DEFAULT_TIMEOUT_MS)
		left = OTK_CLIENT_DEFAULT_TIMEOUT_MS;
	otk_client_set_timeout_ms(ctl->client, (uint64_t)left);
	return args->lifecycle->composer->get(ctl->client, id, ret_job, ret_error);
}

static int
otk_ctl_wait_poll(OtkCtl *ctl, const OtkCtlWaitArgs *args, const char *id)
{
	const OtkCtlLifecycle *lifecycle = args->lifecycle;
	const char *target = lifecycle->statuses[args->target];
	int64_t deadline = otk_ctl_now_ms() + args->timeout_s * 1000;
	char last_status[64] = "";

	for (;;) {
		OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
		OTK_CLEANUP(otk_dict_freep) OtkDict *job = NULL;
		const char *status;
		int64_t now;

		if (otk_ctl_wait_get(ctl, args, id, deadline, &job, &error) < 0) {
			if (otk_ctl_now_ms() >= deadline && otk_ctl_wait_error_is_timeout(error))
				return otk_ctl_wait_timed_out(args, id, last_status);
			return otk_ctl_fail_call(error);
		}
		status = otk_dict_get_string(job, "status");
		if (status == NULL)
			return otk_ctl_fail("%s '%s' has no status", lifecycle->noun, id);
		if (strcmp(status, target) == 0)
			return otk_ctl_composer_finish(ctl, lifecycle->composer, 0, job, NULL);
		if (!otk_ctl_lifecycle_can_reach(lifecycle, status, args->target))
			return otk_ctl_wait_dead_end(args, id, job);
		snprintf(last_status, sizeof(last_status), "%s", status);
		now = otk_ctl_now_ms();
		if (now >= deadline)
			return otk_ctl_wait_timed_out(args, id, last_status);
		otk_ctl_progress_set_text(
		    "%s %s is '%s', waiting for '%s'", lifecycle->noun, id, status, target);
		/* the last check comes at the deadline itself */
		otk_ctl_sleep_ms(args->interval_s * 1000 < deadline - now ? args->interval_s * 1000
									  : deadline - now);
	}
}

int
otk_ctl_wait_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const struct option options[] = {
	    OTK_CTL_COMMON_OPTIONS,
	    {"status", required_argument, NULL, OPT_STATUS},
	    {"timeout", required_argument, NULL, OPT_TIMEOUT},
	    {"interval", required_argument, NULL, OPT_INTERVAL},
	    {NULL, 0, NULL, 0},
	};
	static const char *const names[] = {"ID", NULL};
	OtkCtlWaitArgs args = {
	    cmd->data, -1, OTK_CTL_WAIT_DEFAULT_TIMEOUT_S, OTK_CTL_WAIT_DEFAULT_INTERVAL_S};
	int r = otk_ctl_parse_command(
	    ctl, cmd, argc, argv, options, otk_ctl_wait_option, &args, names);

	if (r == OTK_CTL_CONTINUE && args.target < 0)
		r = otk_ctl_usage_error(ctl, "missing option --status");
	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	return otk_ctl_wait_poll(ctl, &args, argv[optind]);
}
