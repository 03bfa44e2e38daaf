/*
 * What one hand-over between two threads of a process costs on this machine: the figure
 * behind the two hand-overs of every REST call in opentokd (bus thread -> pool thread ->
 * bus thread). A partner thread waits in read() on an eventfd, as a pool thread waits for
 * work; the main thread sleeps GAP µs (so that the partner's CPU has been idle that long,
 * as between two calls), writes the eventfd and goes back to waiting itself. The figure is
 * the time from the write to the partner's return from read(), on one clock.
 *
 *   otd-bench-wake [N [GAP_US]]    (N hand-overs per case, default 1000; GAP_US 1000)
 *
 * Two cases, each printing case=wake-CASE n=N gap_us=GAP p50_us=… p99_us=…:
 *   same   both threads on one CPU, which the main thread leaves for its read() at once;
 *   other  the threads on two CPUs: each hand-over wakes a CPU that has been idle.
 * Left free, two threads alone on an idle machine end up on one CPU; in the daemon the
 * bus thread, dbus-daemon, the client and the API server share the CPUs, and the trace in
 * bench/README.md shows the pool thread woken on the other one.
 * Prints lines with n=0 when the process may not use two CPUs.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

typedef struct {
	int to_partner; /* eventfd the main thread writes, the partner reads */
	int to_main;	/* and back */
	int cpu;	/* the partner's CPU, or -1 */
	unsigned n;	/* hand-overs measured, after 20 for warm-up */
	uint64_t sent_ns; /* written before each write to to_partner, read after the read */
	uint64_t *lat;
} Pair;

static uint64_t
now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int
pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

static void
fail(const char *what)
{
	fprintf(stderr, "otd-bench-wake: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void *
partner(void *data)
{
	Pair *p = data;
	uint64_t got, one = 1;

	if (pin(p->cpu) != 0) {
		fprintf(stderr, "otd-bench-wake: cannot pin to CPU %d\n", p->cpu);
		exit(1);
	}
	for (unsigned i = 0; i < p->n + 20; i++) {
		if (read(p->to_partner, &got, sizeof(got)) != sizeof(got))
			fail("read");
		if (i >= 20)
			p->lat[i - 20] = now_ns() - __atomic_load_n(&p->sent_ns, __ATOMIC_ACQUIRE);
		if (write(p->to_main, &one, sizeof(one)) != sizeof(one))
			fail("write");
	}
	return NULL;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* the main thread's affinity is restored afterwards */
static void
run_case(const char *label, int main_cpu, int partner_cpu, unsigned n, unsigned gap_us)
{
	Pair p = {eventfd(0, EFD_CLOEXEC), eventfd(0, EFD_CLOEXEC), partner_cpu, n, 0,
		  calloc(n, sizeof(uint64_t))};
	struct timespec gap = {gap_us / 1000000, (long)(gap_us % 1000000) * 1000};
	uint64_t one = 1, got;
	cpu_set_t saved;
	pthread_t thread;

	if (p.to_partner < 0 || p.to_main < 0 || p.lat == NULL)
		fail("setting up");
	pthread_getaffinity_np(pthread_self(), sizeof(saved), &saved);
	if (pin(main_cpu) != 0) {
		fprintf(stderr, "otd-bench-wake: cannot pin to CPU %d\n", main_cpu);
		exit(1);
	}
	pthread_create(&thread, NULL, partner, &p);
	for (unsigned i = 0; i < n + 20; i++) {
		nanosleep(&gap, NULL);
		__atomic_store_n(&p.sent_ns, now_ns(), __ATOMIC_RELEASE);
		if (write(p.to_partner, &one, sizeof(one)) != sizeof(one))
			fail("write");
		if (read(p.to_main, &got, sizeof(got)) != sizeof(got))
			fail("read");
	}
	pthread_join(thread, NULL);
	pthread_setaffinity_np(pthread_self(), sizeof(saved), &saved);
	qsort(p.lat, n, sizeof(uint64_t), cmp_u64);
	printf("case=wake-%s n=%u gap_us=%u p50_us=%.1f p99_us=%.1f\n", label, n, gap_us,
	       (double)p.lat[(n - 1) / 2] / 1000.0,
	       (double)p.lat[(unsigned)(0.99 * (n - 1) + 0.5)] / 1000.0);
	fflush(stdout);
	free(p.lat);
	close(p.to_partner);
	close(p.to_main);
}

int
main(int argc, char **argv)
{
	unsigned n = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 1000;
	unsigned gap_us = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 1000;
	int cpus[2], found = 0;
	cpu_set_t allowed;

	if (n == 0) {
		fprintf(stderr, "usage: otd-bench-wake [HAND_OVERS [GAP_US]]\n");
		return 2;
	}
	if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0) {
		for (int c = 0; c < CPU_SETSIZE && found < 2; c++) {
			if (CPU_ISSET(c, &allowed))
				cpus[found++] = c;
		}
	}
	if (found == 2) {
		run_case("same", cpus[0], cpus[0], n, gap_us);
		run_case("other", cpus[0], cpus[1], n, gap_us);
	} else {
		printf("case=wake-same n=0\ncase=wake-other n=0\n");
	}
	return 0;
}
