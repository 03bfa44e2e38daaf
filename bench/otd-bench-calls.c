/*
 * Calls per second over the bus, sequential: GenerateToken (JWT, subscriber role) against
 * the daemon's own org.freedesktop.DBus.Peer.Ping, in one run.
 * Usage: otd-bench-calls BUS_ADDRESS SESSION_ID [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "otk-client.h"

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	OtkCallError *error = NULL;
	OtkClient *client;
	OtkOptions *options;
	int n = argc > 3 ? atoi(argv[3]) : 5000;
	double t0, ping_rate, token_rate;

	if (argc < 3) {
		fprintf(stderr, "usage: %s BUS_ADDRESS SESSION_ID [N]\n", argv[0]);
		return 2;
	}
	client = otk_client_new_address(argv[1], &error);
	if (client == NULL) {
		fprintf(stderr, "cannot connect: %s\n", otk_call_error_get_message(error));
		return 1;
	}
	options = otk_options_new();
	otk_options_set_string(options, "role", "subscriber");
	/* warm up: the daemon looks the caller up once */
	for (int i = 0; i < 100; i++)
		otk_client_ping(client, NULL);
	t0 = now_s();
	for (int i = 0; i < n; i++) {
		if (otk_client_ping(client, &error) < 0) {
			fprintf(stderr, "ping: %s\n", otk_call_error_get_message(error));
			return 1;
		}
	}
	ping_rate = n / (now_s() - t0);
	t0 = now_s();
	for (int i = 0; i < n; i++) {
		char *token = NULL;
		if (otk_client_generate_token(client, argv[2], options, &token, &error) < 0) {
			fprintf(stderr, "GenerateToken: %s\n", otk_call_error_get_message(error));
			return 1;
		}
		free(token);
	}
	token_rate = n / (now_s() - t0);
	printf("ping %.0f calls/s, GenerateToken %.0f calls/s, ratio %.2f (n=%d)\n", ping_rate,
	       token_rate, token_rate / ping_rate, n);
	otk_options_free(options);
	otk_client_free(client);
	return 0;
}
