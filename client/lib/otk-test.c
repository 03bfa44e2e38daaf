/*
 * The unit-test harness of the client library.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "otk-test.h"

static const char *otk_test_current = "?";

void
otk_test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "FAIL %s\n%s:%d: ", otk_test_current, file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_FAILURE);
}

int
otk_test_run(int argc, char **argv, const OtkTestCase *cases, size_t n_cases)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	size_t n_run = 0;

	for (size_t i = 0; i < n_cases; i++) {
		if (only != NULL && strncmp(cases[i].path, only, strlen(only)) != 0)
			continue;
		otk_test_current = cases[i].path;
		cases[i].func();
		printf("ok %s\n", cases[i].path);
		n_run++;
	}
	if (n_run == 0) {
		fprintf(stderr, "no test matches '%s'\n", only != NULL ? only : "");
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}

/* sd-bus only builds messages for a started connection; this one never carries any */
static sd_bus *
otk_test_bus(void)
{
	static sd_bus *bus = NULL;
	int fds[2];

	if (bus != NULL)
		return bus;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0)
		otk_test_fail(__FILE__, __LINE__, "socketpair failed");
	if (sd_bus_new(&bus) < 0 || sd_bus_set_fd(bus, fds[0], fds[0]) < 0 || sd_bus_start(bus) < 0)
		otk_test_fail(__FILE__, __LINE__, "cannot start a bus on a socketpair");
	/* fds[1] stays open for the life of the test so the connection never breaks */
	return bus;
}

sd_bus_message *
otk_test_message_new(void)
{
	sd_bus_message *m = NULL;
	int r = sd_bus_message_new_method_call(otk_test_bus(),
					       &m,
					       "org.opentokd.OpenTok1",
					       "/org/opentokd/OpenTok1",
					       "org.opentokd.OpenTok1",
					       "Test");
	if (r < 0)
		otk_test_fail(__FILE__, __LINE__, "cannot create a message: %s", strerror(-r));
	return m;
}

void
otk_test_message_seal(sd_bus_message *m)
{
	int r = sd_bus_message_seal(m, 1, 0);
	if (r >= 0)
		r = sd_bus_message_rewind(m, 1);
	if (r < 0)
		otk_test_fail(__FILE__, __LINE__, "cannot seal the message: %s", strerror(-r));
}

static int otk_test_dump_values(FILE *f, sd_bus_message *m, const char *separator);

static void
otk_test_dump_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static int
otk_test_dump_basic(FILE *f, sd_bus_message *m, char type)
{
	union {
		uint8_t y;
		int16_t n;
		uint16_t q;
		int32_t i;
		uint32_t u;
		int64_t x;
		uint64_t t;
		int b;
		double d;
		const char *s;
	} v;
	int r = sd_bus_message_read_basic(m, type, &v);

	if (r < 0)
		return r;
	switch (type) {
	case 's':
	case 'o':
	case 'g':
		otk_test_dump_string(f, v.s);
		break;
	case 'b':
		fputs(v.b ? "true" : "false", f);
		break;
	case 'd':
		fprintf(f, "d %g", v.d);
		break;
	case 't':
		fprintf(f, "t %llu", (unsigned long long)v.t);
		break;
	default: {
		long long i = type == 'y'   ? v.y
			      : type == 'n' ? v.n
			      : type == 'q' ? v.q
			      : type == 'i' ? v.i
			      : type == 'u' ? v.u
			      : type == 'x' ? v.x
					    : 0;
		fprintf(f, "%c %lld", type, i);
	}
	}
	return 0;
}

static int
otk_test_dump_container(FILE *f, sd_bus_message *m, char type, const char *contents)
{
	bool dict = type == 'a' && contents[0] == '{';
	const char *open = dict ? "{" : type == 'a' ? "[" : type == 'r' ? "(" : "";
	const char *close = dict ? "}" : type == 'a' ? "]" : type == 'r' ? ")" : "";
	int r = sd_bus_message_enter_container(m, type, contents);

	if (r < 0)
		return r;
	fputs(open, f);
	r = otk_test_dump_values(f, m, type == 'e' ? ": " : ", ");
	fputs(close, f);
	if (r < 0)
		return r;
	return sd_bus_message_exit_container(m);
}

/* every value up to the end of the current container */
static int
otk_test_dump_values(FILE *f, sd_bus_message *m, const char *separator)
{
	for (size_t n = 0;; n++) {
		const char *contents;
		char type;
		int r = sd_bus_message_peek_type(m, &type, &contents);
		if (r <= 0)
			return r;
		if (n > 0)
			fputs(separator, f);
		if (type == 'a' || type == 'r' || type == 'e' || type == 'v')
			r = otk_test_dump_container(f, m, type, contents);
		else
			r = otk_test_dump_basic(f, m, type);
		if (r < 0)
			return r;
	}
}

char *
otk_test_message_dump(sd_bus_message *m)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	int r;

	if (f == NULL)
		return NULL;
	r = otk_test_dump_values(f, m, ", ");
	if (fclose(f) != 0 || r < 0) {
		free(text);
		return NULL;
	}
	return text;
}
