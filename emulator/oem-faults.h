/*
 * Injected faults: per method and path glob, replace, delay or drop the answer to API calls.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
	guint id;
	gchar *method; /* NULL: any method */
	gchar *path;   /* glob for g_pattern_match_simple() */
	guint status;  /* 0: keep the real status */
	guint delay_ms;
	gchar *body;	     /* NULL: keep the real body (or the default error body) */
	gchar *content_type; /* NULL: application/json */
	GHashTable *headers; /* extra response headers, may be NULL */
	gboolean drop;	     /* close the connection without an answer */
	gboolean reset;	     /* reset the connection (TCP RST) without an answer */
	guint trickle_ms;    /* written by hand, one body byte every trickle_ms */
	gint64 truncate_at;  /* written by hand, cut after this many body bytes; -1: whole */
	gint64 times;	     /* uses left, -1 until cleared */
	guint64 hits;
} OemFault;

typedef struct _OemFaults OemFaults;

OemFault *oem_fault_ref(OemFault *fault);
void oem_fault_unref(OemFault *fault);
gboolean oem_fault_replaces_answer(OemFault *fault);
gboolean oem_fault_is_raw(OemFault *fault);

OemFaults *oem_faults_new(void);
void oem_faults_free(OemFaults *self);
guint oem_faults_add(OemFaults *self, JsonObject *spec, GError **error);
gboolean oem_faults_remove(OemFaults *self, guint id);
void oem_faults_clear(OemFaults *self);
OemFault *oem_faults_take_match(OemFaults *self, const gchar *method, const gchar *path);
JsonNode *oem_faults_to_json(OemFaults *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemFault, oem_fault_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemFaults, oem_faults_free)

G_END_DECLS
