/*
 * Streams: the OtkLayoutClasses builder for SetLayoutClasses' a{sas}, and typed wrappers
 * over otk_client_call_area() for the Streams interface.
 */
#include <errno.h>
#include <string.h>

#include "otk-client-private.h"
#include "otk-streams.h"
#include "otk-utf8.h"

#define OTK_STREAMS_AREA "Streams"

typedef struct {
	char *stream_id;
	char **classes; /* NULL-terminated, never NULL itself */
	size_t n;
} OtkLayoutClassesEntry;

struct OtkLayoutClasses {
	OtkLayoutClassesEntry *entries;
	size_t n;
	size_t allocated;
};

static void
otk_layout_strv_free(char **strv)
{
	for (size_t i = 0; strv != NULL && strv[i] != NULL; i++)
		free(strv[i]);
	free(strv);
}

static void
otk_layout_strv_freep(char ***strv)
{
	otk_layout_strv_free(*strv);
}

OTK_PUBLIC OtkLayoutClasses *
otk_layout_classes_new(void)
{
	return calloc(1, sizeof(OtkLayoutClasses));
}

OTK_PUBLIC void
otk_layout_classes_free(OtkLayoutClasses *self)
{
	if (self == NULL)
		return;
	for (size_t i = 0; i < self->n; i++) {
		free(self->entries[i].stream_id);
		otk_layout_strv_free(self->entries[i].classes);
	}
	free(self->entries);
	free(self);
}

OTK_PUBLIC size_t
otk_layout_classes_get_size(const OtkLayoutClasses *self)
{
	return self != NULL ? self->n : 0;
}

static OtkLayoutClassesEntry *
otk_layout_classes_find(const OtkLayoutClasses *self, const char *stream_id)
{
	if (self == NULL || stream_id == NULL)
		return NULL;
	for (size_t i = 0; i < self->n; i++) {
		if (strcmp(self->entries[i].stream_id, stream_id) == 0)
			return &self->entries[i];
	}
	return NULL;
}

OTK_PUBLIC bool
otk_layout_classes_contains(const OtkLayoutClasses *self, const char *stream_id)
{
	return otk_layout_classes_find(self, stream_id) != NULL;
}

/* the entry of @stream_id, appended with an empty list when it is new */
static int
otk_layout_classes_entry(OtkLayoutClasses *self,
			 const char *stream_id,
			 OtkLayoutClassesEntry **ret_entry)
{
	OtkLayoutClassesEntry *entry = otk_layout_classes_find(self, stream_id);
	OTK_AUTOFREE char *id = NULL;
	OTK_AUTOFREE char **classes = NULL;

	if (entry != NULL) {
		*ret_entry = entry;
		return 0;
	}
	id = strdup(stream_id);
	classes = calloc(1, sizeof(char *));
	if (id == NULL || classes == NULL)
		return -ENOMEM;
	if (self->n == self->allocated) {
		size_t allocated = self->allocated > 0 ? self->allocated * 2 : 4;
		OtkLayoutClassesEntry *entries =
		    reallocarray(self->entries, allocated, sizeof(OtkLayoutClassesEntry));
		if (entries == NULL)
			return -ENOMEM;
		self->entries = entries;
		self->allocated = allocated;
	}
	entry = &self->entries[self->n++];
	entry->stream_id = otk_steal_pointer(&id);
	entry->classes = otk_steal_pointer(&classes);
	entry->n = 0;
	*ret_entry = entry;
	return 0;
}

static bool
otk_layout_stream_id_is_valid(const OtkLayoutClasses *self, const char *stream_id)
{
	return self != NULL && stream_id != NULL && stream_id[0] != '\0' &&
	       otk_utf8_is_valid(stream_id);
}

/* a copy of @classes (NULL: an empty one), or -EINVAL when one is not valid UTF-8 */
static int
otk_layout_strv_copy(const char *const *classes, char ***ret_copy, size_t *ret_n)
{
	OTK_CLEANUP(otk_layout_strv_freep) char **copy = NULL;
	size_t n = 0;

	while (classes != NULL && classes[n] != NULL) {
		if (!otk_utf8_is_valid(classes[n]))
			return -EINVAL;
		n++;
	}
	copy = calloc(n + 1, sizeof(char *));
	if (copy == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		copy[i] = strdup(classes[i]);
		if (copy[i] == NULL)
			return -ENOMEM;
	}
	*ret_copy = otk_steal_pointer(&copy);
	*ret_n = n;
	return 0;
}

OTK_PUBLIC int
otk_layout_classes_set(OtkLayoutClasses *self, const char *stream_id, const char *const *classes)
{
	OTK_CLEANUP(otk_layout_strv_freep) char **copy = NULL;
	OtkLayoutClassesEntry *entry;
	size_t n = 0;
	int r;

	if (!otk_layout_stream_id_is_valid(self, stream_id))
		return -EINVAL;
	r = otk_layout_strv_copy(classes, &copy, &n);
	if (r >= 0)
		r = otk_layout_classes_entry(self, stream_id, &entry);
	if (r < 0)
		return r;
	otk_layout_strv_free(entry->classes);
	entry->classes = otk_steal_pointer(&copy);
	entry->n = n;
	return 0;
}

OTK_PUBLIC int
otk_layout_classes_add(OtkLayoutClasses *self, const char *stream_id, const char *class_name)
{
	OTK_AUTOFREE char *copy = NULL;
	OtkLayoutClassesEntry *entry;
	char **classes;
	int r;

	if (!otk_layout_stream_id_is_valid(self, stream_id) ||
	    (class_name != NULL && !otk_utf8_is_valid(class_name)))
		return -EINVAL;
	if (class_name != NULL && (copy = strdup(class_name)) == NULL)
		return -ENOMEM;
	r = otk_layout_classes_entry(self, stream_id, &entry);
	if (r < 0 || copy == NULL)
		return r;
	classes = reallocarray(entry->classes, entry->n + 2, sizeof(char *));
	if (classes == NULL)
		return -ENOMEM;
	entry->classes = classes;
	classes[entry->n++] = otk_steal_pointer(&copy);
	classes[entry->n] = NULL;
	return 0;
}

int
otk_layout_classes_append(const OtkLayoutClasses *self, sd_bus_message *m)
{
	int r = sd_bus_message_open_container(m, 'a', "{sas}");

	for (size_t i = 0; r >= 0 && self != NULL && i < self->n; i++) {
		r = sd_bus_message_open_container(m, 'e', "sas");
		if (r >= 0)
			r = sd_bus_message_append_basic(m, 's', self->entries[i].stream_id);
		if (r >= 0)
			r = sd_bus_message_append_strv(m, self->entries[i].classes);
		if (r >= 0)
			r = sd_bus_message_close_container(m);
	}
	if (r < 0)
		return r;
	return sd_bus_message_close_container(m);
}

static int
otk_streams_append_classes(sd_bus_message *m, const void *user_data)
{
	return otk_layout_classes_append(user_data, m);
}

/* an `as`; NULL appends an empty one */
static int
otk_streams_append_strv(sd_bus_message *m, const void *user_data)
{
	static char *const empty[] = {NULL};
	char *const *strv = user_data != NULL ? user_data : empty;

	/* sd-bus takes a char ** but only reads it */
	return sd_bus_message_append_strv(m, (char **)strv);
}

/* NULL ids go out as "" so that the daemon refuses them by name, as elsewhere */
static const char *
otk_stream_arg(const char *s)
{
	return s != NULL ? s : "";
}

OTK_PUBLIC int
otk_client_stream_get(OtkClient *self,
		      const char *session_id,
		      const char *stream_id,
		      OtkDict **ret_stream,
		      OtkCallError **ret_error)
{
	const char *strings[] = {otk_stream_arg(session_id), otk_stream_arg(stream_id), NULL};
	OtkCallArgs args = {strings, NULL, false};
	return otk_client_call_area(
	    self, OTK_STREAMS_AREA, "Get", &args, OTK_REPLY_DICT, ret_stream, ret_error);
}

OTK_PUBLIC int
otk_client_stream_list(OtkClient *self,
		       const char *session_id,
		       OtkDict **ret_list,
		       OtkCallError **ret_error)
{
	const char *strings[] = {otk_stream_arg(session_id), NULL};
	OtkCallArgs args = {strings, NULL, false};
	return otk_client_call_area(
	    self, OTK_STREAMS_AREA, "List", &args, OTK_REPLY_LIST, ret_list, ret_error);
}

OTK_PUBLIC int
otk_client_stream_set_layout_classes(OtkClient *self,
				     const char *session_id,
				     const OtkLayoutClasses *classes,
				     OtkCallError **ret_error)
{
	const char *strings[] = {otk_stream_arg(session_id), NULL};
	OtkCallArgs args = {strings, NULL, false, otk_streams_append_classes, classes};
	return otk_client_call_area(
	    self, OTK_STREAMS_AREA, "SetLayoutClasses", &args, OTK_REPLY_NONE, NULL, ret_error);
}

OTK_PUBLIC int
otk_client_stream_force_mute(OtkClient *self,
			     const char *session_id,
			     const char *stream_id,
			     OtkCallError **ret_error)
{
	const char *strings[] = {otk_stream_arg(session_id), otk_stream_arg(stream_id), NULL};
	OtkCallArgs args = {strings, NULL, false};
	return otk_client_call_area(
	    self, OTK_STREAMS_AREA, "ForceMute", &args, OTK_REPLY_NONE, NULL, ret_error);
}

OTK_PUBLIC int
otk_client_stream_force_mute_all(OtkClient *self,
				 const char *session_id,
				 const char *const *excluded_stream_ids,
				 OtkCallError **ret_error)
{
	const char *strings[] = {otk_stream_arg(session_id), NULL};
	OtkCallArgs args = {strings, NULL, false, otk_streams_append_strv, excluded_stream_ids};
	return otk_client_call_area(
	    self, OTK_STREAMS_AREA, "ForceMuteAll", &args, OTK_REPLY_NONE, NULL, ret_error);
}

OTK_PUBLIC int
otk_client_stream_disable_force_mute(OtkClient *self,
				     const char *session_id,
				     OtkCallError **ret_error)
{
	const char *strings[] = {otk_stream_arg(session_id), NULL};
	OtkCallArgs args = {strings, NULL, false};
	return otk_client_call_area(
	    self, OTK_STREAMS_AREA, "DisableForceMute", &args, OTK_REPLY_NONE, NULL, ret_error);
}
