/*
 * A spinner on stderr while opentokctl waits for opentokd. Every client call blocks, so a
 * thread of its own draws it: only when stderr is a terminal (and TERM is not "dumb"), and
 * only once the wait has lasted a second. Everything that prints calls
 * otk_ctl_progress_stop() first, which erases the spinner's line, so results and errors
 * never share a line with it and stdout never sees it. The state is process-wide because
 * stderr is.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "otk-ctl.h"

/* how long a wait lasts before the spinner shows, and how often it turns */
#define OTK_CTL_PROGRESS_DELAY_MS 1000
#define OTK_CTL_PROGRESS_FRAME_MS 125

typedef struct {
	pthread_mutex_t lock;
	pthread_cond_t wake; /* on CLOCK_MONOTONIC */
	pthread_t thread;
	bool running;  /* the thread exists; only the main thread reads or writes this */
	bool stopping; /* under lock */
	bool drawn;    /* under lock: a frame is on the screen */
	char text[256];	       /* under lock */
	struct timespec start; /* CLOCK_MONOTONIC */
} OtkCtlProgress;

static OtkCtlProgress otk_ctl_progress = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void
otk_ctl_timespec_add_ms(struct timespec *ts, long ms)
{
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* the columns of the terminal, so that a frame never wraps (\r only rewinds one line) */
static size_t
otk_ctl_progress_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1)
		return ws.ws_col;
	return 80;
}

/* under lock; the text is shortened to fit, keeping the time */
static void
otk_ctl_progress_draw(OtkCtlProgress *p, unsigned frame)
{
	static const char spinner[] = "|/-\\";
	size_t width = otk_ctl_progress_width();
	size_t len = strlen(p->text);
	const char *ellipsis = "";
	struct timespec now;
	char suffix[32];
	size_t room;

	clock_gettime(CLOCK_MONOTONIC, &now);
	snprintf(suffix, sizeof(suffix), " (%lld s)", (long long)(now.tv_sec - p->start.tv_sec));
	if (width < strlen(suffix) + 3) {
		/* not even the time fits */
		fprintf(stderr, "\r\033[K%c", spinner[frame % 4]);
		fflush(stderr);
		p->drawn = true;
		return;
	}
	/* the spinner and a blank go before the text, and the last column stays free */
	room = width - strlen(suffix) - 3;
	if (len > room) {
		len = room > 3 ? room - 3 : 0;
		/* do not cut a UTF-8 sequence in half */
		while (len > 0 && ((unsigned char)p->text[len] & 0xc0) == 0x80)
			len--;
		ellipsis = len > 0 ? "..." : "";
	}
	fprintf(stderr,
		"\r\033[K%c %.*s%s%s",
		spinner[frame % 4],
		(int)len,
		p->text,
		ellipsis,
		suffix);
	fflush(stderr);
	p->drawn = true;
}

static void *
otk_ctl_progress_thread(void *data)
{
	OtkCtlProgress *p = data;
	struct timespec next = p->start;
	unsigned frame = 0;

	otk_ctl_timespec_add_ms(&next, OTK_CTL_PROGRESS_DELAY_MS);
	pthread_mutex_lock(&p->lock);
	while (!p->stopping) {
		int r = pthread_cond_timedwait(&p->wake, &p->lock, &next);
		if (p->stopping || r != ETIMEDOUT)
			continue;
		otk_ctl_progress_draw(p, frame++);
		clock_gettime(CLOCK_MONOTONIC, &next);
		otk_ctl_timespec_add_ms(&next, OTK_CTL_PROGRESS_FRAME_MS);
	}
	if (p->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->drawn = false;
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

static bool
otk_ctl_progress_wanted(void)
{
	const char *term = getenv("TERM");

	return isatty(STDERR_FILENO) == 1 && (term == NULL || strcmp(term, "dumb") != 0);
}

/* the thread takes no signals: they stay with the main thread, as without a spinner */
static bool
otk_ctl_progress_spawn(OtkCtlProgress *p)
{
	sigset_t all, old;
	int r;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	r = pthread_create(&p->thread, NULL, otk_ctl_progress_thread, p);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return r == 0;
}

void
otk_ctl_progress_start(const char *fmt, ...)
{
	OtkCtlProgress *p = &otk_ctl_progress;
	pthread_condattr_t attr;
	va_list ap;

	if (p->running || !otk_ctl_progress_wanted())
		return;
	va_start(ap, fmt);
	vsnprintf(p->text, sizeof(p->text), fmt, ap);
	va_end(ap);
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	p->stopping = false;
	p->drawn = false;
	if (pthread_condattr_init(&attr) != 0)
		return;
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (pthread_cond_init(&p->wake, &attr) != 0) {
		pthread_condattr_destroy(&attr);
		return;
	}
	pthread_condattr_destroy(&attr);
	/* without a thread there is simply no spinner */
	p->running = otk_ctl_progress_spawn(p);
	if (!p->running)
		pthread_cond_destroy(&p->wake);
}

void
otk_ctl_progress_set_text(const char *fmt, ...)
{
	OtkCtlProgress *p = &otk_ctl_progress;
	va_list ap;

	if (!p->running)
		return;
	pthread_mutex_lock(&p->lock);
	va_start(ap, fmt);
	vsnprintf(p->text, sizeof(p->text), fmt, ap);
	va_end(ap);
	pthread_mutex_unlock(&p->lock);
}

void
otk_ctl_progress_stop(void)
{
	OtkCtlProgress *p = &otk_ctl_progress;

	if (!p->running)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	pthread_cond_destroy(&p->wake);
	p->running = false;
}
