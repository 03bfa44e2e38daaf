/*
 * Sessions, archives, broadcasts, captions and renders are never removed (a deleted archive keeps
 * answering with status "deleted"), so the lists only grow; the hash tables are indexes over them.
 */
#include "oem-state.h"

OemState *
oem_state_new(const gchar *api_key, GBytes *secret)
{
	OemState *self = g_new0(OemState, 1);

	self->api_key = g_strdup(api_key);
	self->secret = g_bytes_ref(secret);
	self->sessions = g_hash_table_new(g_str_hash, g_str_equal);
	self->session_list = g_ptr_array_new_with_free_func((GDestroyNotify)oem_session_free);
	self->archives = g_hash_table_new(g_str_hash, g_str_equal);
	self->archive_list = g_ptr_array_new_with_free_func((GDestroyNotify)oem_archive_free);
	self->broadcasts = g_hash_table_new(g_str_hash, g_str_equal);
	self->broadcast_list = g_ptr_array_new_with_free_func((GDestroyNotify)oem_broadcast_free);
	self->captions = g_hash_table_new(g_str_hash, g_str_equal);
	self->caption_list = g_ptr_array_new_with_free_func((GDestroyNotify)oem_caption_free);
	self->renders = g_hash_table_new(g_str_hash, g_str_equal);
	self->render_list = g_ptr_array_new_with_free_func((GDestroyNotify)oem_render_free);
	self->faults = oem_faults_new();
	self->requests = oem_request_log_new(OEM_REQUEST_LOG_DEFAULT_SIZE);
	return self;
}

void
oem_state_free(OemState *self)
{
	if (self == NULL)
		return;
	g_hash_table_unref(self->sessions);
	g_ptr_array_unref(self->session_list);
	g_hash_table_unref(self->archives);
	g_ptr_array_unref(self->archive_list);
	g_hash_table_unref(self->broadcasts);
	g_ptr_array_unref(self->broadcast_list);
	g_hash_table_unref(self->captions);
	g_ptr_array_unref(self->caption_list);
	g_hash_table_unref(self->renders);
	g_ptr_array_unref(self->render_list);
	oem_faults_free(self->faults);
	oem_request_log_free(self->requests);
	g_bytes_unref(self->secret);
	g_free(self->api_key);
	g_free(self);
}

void
oem_state_add_session(OemState *self, OemSession *session)
{
	g_ptr_array_add(self->session_list, session);
	g_hash_table_insert(self->sessions, session->session_id, session);
}

OemSession *
oem_state_lookup_session(OemState *self, const gchar *session_id)
{
	if (session_id == NULL)
		return NULL;
	return g_hash_table_lookup(self->sessions, session_id);
}

void
oem_state_add_archive(OemState *self, OemArchive *archive)
{
	archive->serial = self->archive_list->len;
	g_ptr_array_add(self->archive_list, archive);
	g_hash_table_insert(self->archives, archive->id, archive);
}

OemArchive *
oem_state_lookup_archive(OemState *self, const gchar *archive_id)
{
	if (archive_id == NULL)
		return NULL;
	return g_hash_table_lookup(self->archives, archive_id);
}

void
oem_state_add_broadcast(OemState *self, OemBroadcast *broadcast)
{
	broadcast->serial = self->broadcast_list->len;
	g_ptr_array_add(self->broadcast_list, broadcast);
	g_hash_table_insert(self->broadcasts, broadcast->id, broadcast);
}

OemBroadcast *
oem_state_lookup_broadcast(OemState *self, const gchar *broadcast_id)
{
	if (broadcast_id == NULL)
		return NULL;
	return g_hash_table_lookup(self->broadcasts, broadcast_id);
}

void
oem_state_add_caption(OemState *self, OemCaption *caption)
{
	g_ptr_array_add(self->caption_list, caption);
	g_hash_table_insert(self->captions, caption->id, caption);
}

OemCaption *
oem_state_lookup_caption(OemState *self, const gchar *caption_id)
{
	if (caption_id == NULL)
		return NULL;
	return g_hash_table_lookup(self->captions, caption_id);
}

void
oem_state_add_render(OemState *self, OemRender *render)
{
	render->serial = self->render_list->len;
	g_ptr_array_add(self->render_list, render);
	g_hash_table_insert(self->renders, render->id, render);
}

OemRender *
oem_state_lookup_render(OemState *self, const gchar *render_id)
{
	if (render_id == NULL)
		return NULL;
	return g_hash_table_lookup(self->renders, render_id);
}

/* after streams or clients of @session changed: archives pause or resume, archives and
 * broadcasts follow the session's streams, and a render whose client was forced out stops */
void
oem_state_sync_session(OemState *self, OemSession *session)
{
	for (guint i = 0; i < self->archive_list->len; i++) {
		OemArchive *archive = g_ptr_array_index(self->archive_list, i);

		if (g_str_equal(archive->session_id, session->session_id))
			oem_archive_sync(archive, session);
	}
	for (guint i = 0; i < self->broadcast_list->len; i++) {
		OemBroadcast *broadcast = g_ptr_array_index(self->broadcast_list, i);

		if (g_str_equal(broadcast->session_id, session->session_id))
			oem_broadcast_sync(broadcast, session);
	}
	for (guint i = 0; i < self->render_list->len; i++) {
		OemRender *render = g_ptr_array_index(self->render_list, i);

		if (g_str_equal(render->session_id, session->session_id))
			oem_render_sync(render, session);
	}
}

gint64
oem_state_get_now(OemState *self)
{
	return g_get_real_time() / G_USEC_PER_SEC + self->clock_offset_sec;
}
