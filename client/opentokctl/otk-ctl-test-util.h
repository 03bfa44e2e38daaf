/*
 * The harness of the opentokctl unit tests: the fake opentokd of otk-test-server.c in a
 * child process, listening on a socket that opentokctl reaches with --bus-address as if
 * it were a message bus, and the opentokctl binary ($OPENTOKCTL) run with its stdout,
 * stderr and exit status captured.
 */
#pragma once

#include "otk-client.h"
#include "otk-private.h"
#include "otk-test.h"

/* "--bus-address=unix:path=…" of the fake server, for the command lines */
extern char otk_test_bus_option[];

typedef struct {
	int status;
	char *out;
	char *err;
} OtkTestRun;

void
otk_test_run_clear(OtkTestRun *run);

/* runs opentokctl with the NULL-terminated arguments after @first */
OtkTestRun
otk_test_ctl(const char *first, ...);
#define OTK_TEST_CTL(...) otk_test_ctl(__VA_ARGS__, NULL)

/* checks the exit status, and stdout and stderr unless NULL, byte for byte */
void
otk_test_assert_run_at(const char *file,
		       int line,
		       const OtkTestRun *run,
		       int status,
		       const char *out,
		       const char *err);
#define otk_test_assert_run(run, status, out, err)                                                 \
	otk_test_assert_run_at(__FILE__, __LINE__, run, status, out, err)

/* a usage error: exit status 2, nothing on stdout, exactly @message and the hint */
void
otk_test_assert_usage(const OtkTestRun *run, const char *message, const char *command);

/* a command line refused with @message, the hint naming @command ("sip dial") */
typedef struct {
	const char *args[8]; /* after the fake server's --bus-address; NULL after the last */
	const char *message;
	const char *command;
} OtkTestUsage;

/* runs each command line against the fake server, expecting its usage error */
void
otk_test_assert_usages(const OtkTestUsage *usages, size_t n);

/* what the fake server last received, asked on a connection of our own */
char *
otk_test_last_call(void);

#define OTK_TEST_ASSERT_LAST_CALL(expected)                                                        \
	do {                                                                                       \
		OTK_AUTOFREE char *otk_record_ = otk_test_last_call();                             \
		OTK_TEST_ASSERT_CMPSTR(otk_record_, expected);                                     \
	} while (0)

/* starts the server, runs the cases, stops the server (also when an assertion fails) */
int
otk_ctl_test_main(int argc, char **argv, const OtkTestCase *cases, size_t n_cases);
