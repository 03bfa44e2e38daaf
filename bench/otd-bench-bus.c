/*
 * The bus side of the benchmarks: calls to opentokd over a bus, sequential or many in
 * flight, each one timed. Links libsystemd only, like a lean client would, so that the
 * client costs little next to what it measures. Every mode prints key=value lines that
 * bench/run.sh reads.
 *
 *   otd-bench-bus ADDRESS SESSION [--n=N] [--reps=R] [--archive=ID] CASE...
 *     CASE is NAME:DEPTH; NAME is ping, jwt, t1, list, get or mixed; DEPTH is the number
 *     of calls in flight (1: sequential sd_bus_call). The cases take turns in blocks of a
 *     few hundred calls, so that a slow spell of the machine is spread over all of them.
 *   otd-bench-bus ADDRESS SESSION --burst=N --archive=ID
 *     N Archives.Get calls at once on one connection while another connection makes
 *     sequential GenerateToken calls until the last of the N is answered.
 *   otd-bench-bus ADDRESS SESSION --clients=C --calls=N --archive=ID
 *     C threads, each with its own connection, each making N mixed calls in turn.
 *
 * --cpu=NAME:PID,... adds the CPU time the named processes (and this client) spent, per
 * call of each case (a "case=cpu-CASE" line), or in all during the burst ("case=cpu-burst").
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>
#include <time.h>
#include <unistd.h>

#define BENCH_NAME  "org.opentokd.OpenTok1"
#define BENCH_PATH  "/org/opentokd/OpenTok1"
#define BENCH_IFACE "org.opentokd.OpenTok1"

typedef enum {
	KIND_PING,
	KIND_JWT,
	KIND_T1,
	KIND_LIST,
	KIND_GET,
	/* the rest only appear in the mixed sequence */
	KIND_SESSION,
	KIND_PROPERTIES,
	KIND_CONNECTIONS,
	KIND_STREAMS,
	KIND_BROADCASTS,
	KIND_MIXED,
} Kind;

static const char *const kind_names[] = {"ping",	"jwt",	       "t1",	     "list",
					 "get",		"session",     "properties", "connections",
					 "streams",	"broadcasts",  "mixed"};

/* one pass through this is one round of "mixed": every call succeeds on a healthy daemon */
static const Kind mixed_sequence[] = {KIND_JWT,	       KIND_LIST,	 KIND_T1,
				      KIND_GET,	       KIND_PING,	 KIND_JWT,
				      KIND_SESSION,    KIND_PROPERTIES,	 KIND_CONNECTIONS,
				      KIND_STREAMS,    KIND_BROADCASTS,	 KIND_LIST};
#define MIXED_LEN (sizeof(mixed_sequence) / sizeof(mixed_sequence[0]))

static const char *bench_session;
static const char *bench_archive = "";

static uint64_t
clock_ns(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* --cpu: the processes whose CPU time is counted, this client last */
#define CPU_MAX 8
static struct {
	char name[32];
	int pid;
} cpu_procs[CPU_MAX];
static size_t n_cpu_procs;

static bool
cpu_parse(const char *text)
{
	while (*text != '\0' && n_cpu_procs < CPU_MAX - 1) {
		const char *colon = strchr(text, ':');
		size_t len = colon != NULL ? (size_t)(colon - text) : 0;
		char *end = NULL;

		if (colon == NULL || len == 0 || len >= sizeof(cpu_procs[0].name))
			return false;
		memcpy(cpu_procs[n_cpu_procs].name, text, len);
		cpu_procs[n_cpu_procs].name[len] = '\0';
		cpu_procs[n_cpu_procs].pid = (int)strtol(colon + 1, &end, 10);
		if (end == colon + 1 || (*end != ',' && *end != '\0'))
			return false;
		n_cpu_procs++;
		text = *end == ',' ? end + 1 : end;
	}
	return *text == '\0';
}

/* the CPU time of every live thread of @pid, to the nanosecond (schedstat) */
static uint64_t
cpu_threads_ns(int pid)
{
	char path[64];
	DIR *dir;
	struct dirent *d;
	uint64_t sum = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	if (dir == NULL)
		return 0;
	while ((d = readdir(dir)) != NULL) {
		char file[300];
		unsigned long long ns = 0;
		FILE *f;

		if (d->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "/proc/%d/task/%s/schedstat", pid, d->d_name);
		f = fopen(file, "r");
		if (f == NULL)
			continue;
		if (fscanf(f, "%llu", &ns) == 1)
			sum += ns;
		fclose(f);
	}
	closedir(dir);
	return sum;
}

/* the CPU time of @pid's whole life, threads that ended included, in clock ticks */
static uint64_t
cpu_process_ns(int pid)
{
	char path[64], buf[1024];
	unsigned long long utime = 0, stime = 0;
	const char *p;
	FILE *f;
	size_t len;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (f == NULL)
		return 0;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = '\0';
	/* after the command name, which may hold spaces: fields 14 and 15 */
	p = strrchr(buf, ')');
	if (p == NULL || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
				&utime, &stime) != 2)
		return 0;
	return (utime + stime) * (1000000000ull / (uint64_t)sysconf(_SC_CLK_TCK));
}


/* a snapshot of every counted process, this client at [n_cpu_procs] */
static void
cpu_snapshot(uint64_t *ns, bool whole_life)
{
	for (size_t i = 0; i < n_cpu_procs; i++)
		ns[i] = whole_life ? cpu_process_ns(cpu_procs[i].pid) : cpu_threads_ns(cpu_procs[i].pid);
	ns[n_cpu_procs] = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
}

/* "case=cpu-LABEL name=X ... client=X": CPU per call in µs, or in all in ms */
static void
cpu_print(const char *label, const uint64_t *ns, double divide, const char *unit)
{
	printf("case=cpu-%s", label);
	for (size_t i = 0; i < n_cpu_procs; i++)
		printf(" %s_%s=%.1f", cpu_procs[i].name, unit, (double)ns[i] / divide);
	printf(" client_%s=%.1f\n", unit, (double)ns[n_cpu_procs] / divide);
}

typedef struct {
	uint64_t *lat_ns;
	size_t n;
	size_t cap;
	unsigned errors;
	char first_error[256];
} Samples;

static uint64_t
now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

static void
samples_add(Samples *s, uint64_t ns)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4096;
		s->lat_ns = realloc(s->lat_ns, s->cap * sizeof(uint64_t));
		if (s->lat_ns == NULL)
			abort();
	}
	s->lat_ns[s->n++] = ns;
}

static void
samples_error(Samples *s, const sd_bus_error *error, int r)
{
	if (s->errors++ == 0)
		snprintf(s->first_error, sizeof(s->first_error), "%s: %s",
			 error && error->name ? error->name : "errno",
			 error && error->message ? error->message : strerror(-r));
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static double
samples_quantile_us(Samples *s, double q)
{
	size_t i;

	if (s->n == 0)
		return 0;
	qsort(s->lat_ns, s->n, sizeof(uint64_t), cmp_u64);
	i = (size_t)(q * (double)(s->n - 1) + 0.5);
	return (double)s->lat_ns[i] / 1000.0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static sd_bus *
bench_connect(const char *address)
{
	sd_bus *bus = NULL;
	int r = sd_bus_new(&bus);

	if (r >= 0)
		r = sd_bus_set_address(bus, address);
	if (r >= 0)
		r = sd_bus_set_bus_client(bus, 1);
	if (r >= 0)
		r = sd_bus_start(bus);
	if (r < 0) {
		fprintf(stderr, "otd-bench-bus: cannot connect to %s: %s\n", address, strerror(-r));
		exit(1);
	}
	return bus;
}

static int
bench_message_new(sd_bus *bus, Kind kind, sd_bus_message **ret)
{
	sd_bus_message *m = NULL;
	int r;

	switch (kind) {
	case KIND_PING:
		r = sd_bus_message_new_method_call(bus, &m, BENCH_NAME, BENCH_PATH,
						   "org.freedesktop.DBus.Peer", "Ping");
		break;
	case KIND_JWT:
	case KIND_T1:
		r = sd_bus_message_new_method_call(bus, &m, BENCH_NAME, BENCH_PATH, BENCH_IFACE,
						   "GenerateToken");
		if (r >= 0 && kind == KIND_JWT)
			r = sd_bus_message_append(m, "sa{sv}", bench_session, 2, "role", "s",
						  "subscriber", "data", "s", "bench");
		else if (r >= 0)
			r = sd_bus_message_append(m, "sa{sv}", bench_session, 3, "role", "s",
						  "subscriber", "data", "s", "bench", "token_type",
						  "s", "T1");
		break;
	case KIND_LIST:
	case KIND_BROADCASTS:
		r = sd_bus_message_new_method_call(
		    bus, &m, BENCH_NAME,
		    kind == KIND_LIST ? BENCH_PATH "/Archives" : BENCH_PATH "/Broadcasts",
		    kind == KIND_LIST ? BENCH_IFACE ".Archives" : BENCH_IFACE ".Broadcasts", "List");
		if (r >= 0)
			r = sd_bus_message_append(m, "a{sv}", 0);
		break;
	case KIND_GET:
		r = sd_bus_message_new_method_call(bus, &m, BENCH_NAME, BENCH_PATH "/Archives",
						   BENCH_IFACE ".Archives", "Get");
		if (r >= 0)
			r = sd_bus_message_append(m, "s", bench_archive);
		break;
	case KIND_SESSION:
		r = sd_bus_message_new_method_call(bus, &m, BENCH_NAME, BENCH_PATH, BENCH_IFACE,
						   "CreateSession");
		if (r >= 0)
			r = sd_bus_message_append(m, "a{sv}", 0);
		break;
	case KIND_PROPERTIES:
		r = sd_bus_message_new_method_call(bus, &m, BENCH_NAME, BENCH_PATH,
						   "org.freedesktop.DBus.Properties", "GetAll");
		if (r >= 0)
			r = sd_bus_message_append(m, "s", BENCH_IFACE);
		break;
	case KIND_CONNECTIONS:
	case KIND_STREAMS:
		r = sd_bus_message_new_method_call(
		    bus, &m, BENCH_NAME,
		    kind == KIND_CONNECTIONS ? BENCH_PATH "/Connections" : BENCH_PATH "/Streams",
		    kind == KIND_CONNECTIONS ? BENCH_IFACE ".Connections" : BENCH_IFACE ".Streams",
		    "List");
		if (r >= 0)
			r = sd_bus_message_append(m, "s", bench_session);
		break;
	case KIND_MIXED:
	default:
		r = -EINVAL;
	}
	if (r < 0) {
		sd_bus_message_unref(m);
		return r;
	}
	*ret = m;
	return 0;
}

static Kind
bench_kind_at(Kind kind, size_t i)
{
	return kind == KIND_MIXED ? mixed_sequence[i % MIXED_LEN] : kind;
}

/* one synchronous call, timed */
static void
bench_call_once(sd_bus *bus, Kind kind, Samples *s)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *m = NULL, *reply = NULL;
	uint64_t t0 = now_ns();
	int r = bench_message_new(bus, kind, &m);

	if (r >= 0)
		r = sd_bus_call(bus, m, 0, &error, &reply);
	if (r < 0)
		samples_error(s, &error, r);
	else
		samples_add(s, now_ns() - t0);
	sd_bus_error_free(&error);
	sd_bus_message_unref(m);
	sd_bus_message_unref(reply);
}

/* calls in flight: each reply sends the next call */
typedef struct {
	sd_bus *bus;
	Kind kind;
	size_t n;
	size_t sent;
	size_t done;
	uint64_t *started;
	Samples *s;
} Pipeline;

static int
pipeline_send(Pipeline *p);

typedef struct {
	Pipeline *p;
	size_t index;
} PipelineCall;

static int
pipeline_done_cb(sd_bus_message *reply, void *userdata, sd_bus_error *ret_error)
{
	PipelineCall *c = userdata;
	Pipeline *p = c->p;

	if (sd_bus_message_is_method_error(reply, NULL))
		samples_error(p->s, sd_bus_message_get_error(reply), -EIO);
	else
		samples_add(p->s, now_ns() - p->started[c->index]);
	p->done++;
	free(c);
	if (p->sent < p->n)
		return pipeline_send(p);
	return 0;
}

static int
pipeline_send(Pipeline *p)
{
	sd_bus_message *m = NULL;
	PipelineCall *c = malloc(sizeof(PipelineCall));
	int r = bench_message_new(p->bus, bench_kind_at(p->kind, p->sent), &m);

	c->p = p;
	c->index = p->sent++;
	p->started[c->index] = now_ns();
	if (r >= 0)
		r = sd_bus_call_async(p->bus, NULL, m, pipeline_done_cb, c, 0);
	sd_bus_message_unref(m);
	if (r < 0) {
		free(c);
		samples_error(p->s, NULL, r);
		p->done++;
	}
	return r;
}

static void
bench_pipeline(sd_bus *bus, Kind kind, size_t n, size_t depth, Samples *s)
{
	Pipeline p = {.bus = bus, .kind = kind, .n = n, .s = s};

	p.started = calloc(n, sizeof(uint64_t));
	while (p.sent < n && p.sent < depth)
		pipeline_send(&p);
	while (p.done < n) {
		int r = sd_bus_process(bus, NULL);
		if (r < 0) {
			fprintf(stderr, "otd-bench-bus: sd_bus_process: %s\n", strerror(-r));
			exit(1);
		}
		if (r == 0 && sd_bus_wait(bus, UINT64_MAX) < 0)
			break;
	}
	free(p.started);
}

/* runs @n calls of @kind with @depth in flight; returns calls/s */
static double
bench_run(sd_bus *bus, Kind kind, size_t n, size_t depth, Samples *s)
{
	uint64_t t0 = now_ns();

	if (depth <= 1) {
		for (size_t i = 0; i < n; i++)
			bench_call_once(bus, bench_kind_at(kind, i), s);
	} else {
		bench_pipeline(bus, kind, n, depth, s);
	}
	return (double)n * 1e9 / (double)(now_ns() - t0);
}

static void
print_case(const char *label, Samples *s, double *rates, size_t reps, size_t n)
{
	qsort(rates, reps, sizeof(double), cmp_double);
	printf("case=%s n=%zu rate=%.0f rate_min=%.0f rate_max=%.0f p50_us=%.1f p99_us=%.1f "
	       "errors=%u\n",
	       label, n, rates[reps / 2], rates[0], rates[reps - 1], samples_quantile_us(s, 0.5),
	       samples_quantile_us(s, 0.99), s->errors);
	if (s->errors > 0)
		fprintf(stderr, "otd-bench-bus: %s: %u errors, the first: %s\n", label, s->errors,
			s->first_error);
}

static bool
parse_case(const char *text, Kind *ret_kind, size_t *ret_depth)
{
	const char *colon = strchr(text, ':');
	size_t len = colon ? (size_t)(colon - text) : strlen(text);

	for (size_t k = 0; k < sizeof(kind_names) / sizeof(kind_names[0]); k++) {
		if (strlen(kind_names[k]) == len && strncmp(kind_names[k], text, len) == 0) {
			*ret_kind = (Kind)k;
			*ret_depth = colon ? strtoul(colon + 1, NULL, 10) : 1;
			return *ret_depth > 0;
		}
	}
	return false;
}

/* the calls of one case in one block: enough to fill and drain the pipeline cheaply */
static size_t
bench_block(size_t depth)
{
	return depth * 16 > 250 ? depth * 16 : 250;
}

static int
bench_cases(const char *address, char **cases, int n_cases, size_t n, size_t reps)
{
	sd_bus *bus = bench_connect(address);
	Samples *samples = calloc((size_t)n_cases, sizeof(Samples));
	double *rates = calloc((size_t)n_cases * reps, sizeof(double));
	uint64_t (*cpu_ns)[CPU_MAX] = calloc((size_t)n_cases, sizeof(*cpu_ns));
	Kind kinds[64];
	size_t depths[64];
	Samples warm = {0};

	if (n_cases > 64)
		return 2;
	for (int c = 0; c < n_cases; c++) {
		if (!parse_case(cases[c], &kinds[c], &depths[c])) {
			fprintf(stderr, "otd-bench-bus: unknown case '%s'\n", cases[c]);
			return 2;
		}
	}
	/* warm up: the daemon looks this caller up once, libsoup opens its connections */
	for (int c = 0; c < n_cases; c++)
		bench_run(bus, kinds[c], 200, depths[c], &warm);
	/* the cases take turns in blocks, so that a slow spell of the machine hits all alike */
	for (size_t rep = 0; rep < reps; rep++) {
		double busy_s[64] = {0};
		size_t done[64] = {0};
		bool more = true;

		while (more) {
			more = false;
			for (int c = 0; c < n_cases; c++) {
				size_t k = bench_block(depths[c]);
				uint64_t cpu0[CPU_MAX], cpu1[CPU_MAX];
				uint64_t t0;

				if (done[c] >= n)
					continue;
				k = k < n - done[c] ? k : n - done[c];
				/* outside the timed part: reading /proc costs the client too */
				if (n_cpu_procs > 0)
					cpu_snapshot(cpu0, false);
				t0 = now_ns();
				bench_run(bus, kinds[c], k, depths[c], &samples[c]);
				busy_s[c] += (double)(now_ns() - t0) / 1e9;
				if (n_cpu_procs > 0) {
					cpu_snapshot(cpu1, false);
					for (size_t i = 0; i <= n_cpu_procs; i++)
						cpu_ns[c][i] += cpu1[i] - cpu0[i];
				}
				done[c] += k;
				more = more || done[c] < n;
			}
		}
		for (int c = 0; c < n_cases; c++)
			rates[(size_t)c * reps + rep] = (double)n / busy_s[c];
	}
	for (int c = 0; c < n_cases; c++) {
		print_case(cases[c], &samples[c], &rates[(size_t)c * reps], reps, n * reps);
		if (n_cpu_procs > 0)
			cpu_print(cases[c], cpu_ns[c], (double)(n * reps) * 1e3, "us");
	}
	free(cpu_ns);
	sd_bus_flush_close_unref(bus);
	return warm.errors > 0 ? 1 : 0;
}

/* --burst: many slow calls in flight on one connection, tokens on another meanwhile */
typedef struct {
	const char *address;
	size_t n;
	atomic_bool done;
	uint64_t t0;
	uint64_t last_ns;
	Samples burst;
	Samples tokens;
	uint64_t *token_start; /* when each token call began, for OTD_BENCH_BURST_TRACE */
} Burst;

static void *
burst_tokens_thread(void *data)
{
	Burst *b = data;
	sd_bus *bus = bench_connect(b->address);
	Samples warm = {0};

	bench_run(bus, KIND_JWT, 50, 1, &warm);
	while (!atomic_load(&b->done)) {
		uint64_t t = now_ns();
		size_t n = b->tokens.n;
		bench_call_once(bus, KIND_JWT, &b->tokens);
		if (b->tokens.n > n) {
			b->token_start = realloc(b->token_start, b->tokens.cap * sizeof(uint64_t));
			if (b->token_start == NULL)
				abort();
			b->token_start[n] = t;
		}
	}
	sd_bus_flush_close_unref(bus);
	free(warm.lat_ns);
	return NULL;
}

/*
 * OTD_BENCH_BURST_TRACE=1: where in the burst the slow tokens were, per 50 ms of the burst:
 * how many tokens, how many over 300 us, the slowest (on stderr, outside the table)
 */
static void
burst_trace(const Burst *b)
{
	uint64_t end = b->t0 + b->last_ns;

	for (uint64_t from = b->t0; from < end; from += 50000000u) {
		size_t count = 0, slow = 0;
		uint64_t max = 0;
		for (size_t i = 0; i < b->tokens.n; i++) {
			if (b->token_start[i] < from || b->token_start[i] >= from + 50000000u)
				continue;
			count++;
			slow += b->tokens.lat_ns[i] > 300000u;
			max = b->tokens.lat_ns[i] > max ? b->tokens.lat_ns[i] : max;
		}
		if (slow > 0)
			fprintf(stderr, "# burst +%4llu ms: %zu tokens, %zu over 300 us, max %llu us\n",
				(unsigned long long)((from - b->t0) / 1000000u), count, slow,
				(unsigned long long)(max / 1000u));
	}
}

static int
bench_burst(const char *address, size_t n)
{
	Burst b = {.address = address, .n = n};
	sd_bus *bus = bench_connect(address);
	pthread_t thread;
	Samples warm = {0};
	uint64_t cpu0[CPU_MAX], cpu1[CPU_MAX];

	/* the caller is looked up before the clock starts */
	bench_run(bus, KIND_PING, 10, 1, &warm);
	pthread_create(&thread, NULL, burst_tokens_thread, &b);
	/* let the token thread reach its loop first */
	while (b.tokens.n < 20 && b.tokens.errors == 0)
		sched_yield();
	/* the pool threads that end meanwhile count too: whole-life figures, to 10 ms */
	if (n_cpu_procs > 0)
		cpu_snapshot(cpu0, true);
	b.t0 = now_ns();
	bench_pipeline(bus, KIND_GET, n, n, &b.burst);
	b.last_ns = now_ns() - b.t0;
	atomic_store(&b.done, true);
	pthread_join(thread, NULL);
	if (n_cpu_procs > 0) {
		cpu_snapshot(cpu1, true);
		for (size_t i = 0; i <= n_cpu_procs; i++)
			cpu1[i] -= cpu0[i];
		cpu_print("burst", cpu1, 1e6, "ms");
		printf("case=cpu-burst-wall ms=%.1f cpus=%ld\n", (double)b.last_ns / 1e6,
		       sysconf(_SC_NPROCESSORS_ONLN));
	}
	/* before the quantiles, which sort the latencies in place */
	if (getenv("OTD_BENCH_BURST_TRACE") != NULL)
		burst_trace(&b);
	printf("burst n=%zu completed=%zu errors=%u all_done_ms=%.0f p50_ms=%.0f max_ms=%.0f\n",
	       n, b.burst.n, b.burst.errors, (double)b.last_ns / 1e6,
	       samples_quantile_us(&b.burst, 0.5) / 1000.0,
	       samples_quantile_us(&b.burst, 1.0) / 1000.0);
	printf("case=jwt:1-during-burst n=%zu rate=%.0f p50_us=%.1f p99_us=%.1f max_us=%.1f "
	       "errors=%u\n",
	       b.tokens.n, (double)b.tokens.n * 1e9 / (double)b.last_ns,
	       samples_quantile_us(&b.tokens, 0.5), samples_quantile_us(&b.tokens, 0.99),
	       samples_quantile_us(&b.tokens, 1.0), b.tokens.errors);
	free(b.token_start);
	if (b.burst.errors > 0)
		fprintf(stderr, "otd-bench-bus: burst: the first error: %s\n", b.burst.first_error);
	if (b.tokens.errors > 0)
		fprintf(stderr, "otd-bench-bus: tokens: the first error: %s\n",
			b.tokens.first_error);
	sd_bus_flush_close_unref(bus);
	return b.burst.errors + b.tokens.errors > 0 ? 1 : 0;
}

/* --clients: concurrent clients, each with its own connection (and unique name) */
typedef struct {
	const char *address;
	size_t calls;
	size_t index;
	Samples s;
} Client;

static void *
client_thread(void *data)
{
	Client *c = data;
	sd_bus *bus = bench_connect(c->address);

	/* each client starts at another point of the sequence, so the mix is spread out */
	for (size_t i = 0; i < c->calls; i++)
		bench_call_once(bus, mixed_sequence[(c->index + i) % MIXED_LEN], &c->s);
	sd_bus_flush_close_unref(bus);
	return NULL;
}

static int
bench_clients(const char *address, size_t n_clients, size_t calls)
{
	Client *clients = calloc(n_clients, sizeof(Client));
	pthread_t *threads = calloc(n_clients, sizeof(pthread_t));
	Samples all = {0};
	uint64_t t0 = now_ns(), wall;
	const char *first_error = NULL;

	for (size_t i = 0; i < n_clients; i++) {
		clients[i] = (Client){.address = address, .calls = calls, .index = i};
		pthread_create(&threads[i], NULL, client_thread, &clients[i]);
	}
	for (size_t i = 0; i < n_clients; i++) {
		pthread_join(threads[i], NULL);
		for (size_t k = 0; k < clients[i].s.n; k++)
			samples_add(&all, clients[i].s.lat_ns[k]);
		all.errors += clients[i].s.errors;
		if (clients[i].s.errors > 0 && first_error == NULL)
			first_error = clients[i].s.first_error;
	}
	wall = now_ns() - t0;
	printf("load clients=%zu calls=%zu ok=%zu errors=%u wall_s=%.2f rate=%.0f p50_us=%.1f "
	       "p99_us=%.1f\n",
	       n_clients, n_clients * calls, all.n, all.errors, (double)wall / 1e9,
	       (double)all.n * 1e9 / (double)wall, samples_quantile_us(&all, 0.5),
	       samples_quantile_us(&all, 0.99));
	if (first_error != NULL)
		fprintf(stderr, "otd-bench-bus: load: the first error: %s\n", first_error);
	return all.errors > 0 ? 1 : 0;
}

static const char *
option_value(const char *arg, const char *name)
{
	size_t len = strlen(name);
	if (strncmp(arg, name, len) == 0 && arg[len] == '=')
		return arg + len + 1;
	return NULL;
}

int
main(int argc, char **argv)
{
	size_t n = 5000, reps = 3, burst = 0, n_clients = 0, calls = 200;
	char **cases = calloc((size_t)argc, sizeof(char *));
	int n_cases = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: %s ADDRESS SESSION [--n=N] [--reps=R] [--archive=ID] "
				"CASE...\n       %s ADDRESS SESSION --burst=N --archive=ID\n"
				"       %s ADDRESS SESSION --clients=C --calls=N --archive=ID\n",
			argv[0], argv[0], argv[0]);
		return 2;
	}
	bench_session = argv[2];
	for (int i = 3; i < argc; i++) {
		const char *v;
		if ((v = option_value(argv[i], "--n")) != NULL)
			n = strtoul(v, NULL, 10);
		else if ((v = option_value(argv[i], "--reps")) != NULL)
			reps = strtoul(v, NULL, 10);
		else if ((v = option_value(argv[i], "--archive")) != NULL)
			bench_archive = v;
		else if ((v = option_value(argv[i], "--burst")) != NULL)
			burst = strtoul(v, NULL, 10);
		else if ((v = option_value(argv[i], "--clients")) != NULL)
			n_clients = strtoul(v, NULL, 10);
		else if ((v = option_value(argv[i], "--calls")) != NULL)
			calls = strtoul(v, NULL, 10);
		else if ((v = option_value(argv[i], "--cpu")) != NULL) {
			if (!cpu_parse(v)) {
				fprintf(stderr, "otd-bench-bus: --cpu wants NAME:PID,NAME:PID...\n");
				return 2;
			}
		}
		else
			cases[n_cases++] = argv[i];
	}
	if (burst > 0)
		return bench_burst(argv[1], burst);
	if (n_clients > 0)
		return bench_clients(argv[1], n_clients, calls);
	if (n_cases == 0 || n == 0 || reps == 0) {
		fprintf(stderr, "otd-bench-bus: nothing to run\n");
		return 2;
	}
	return bench_cases(argv[1], cases, n_cases, n, reps);
}
