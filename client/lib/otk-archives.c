/*
 * Archives: typed wrappers over otk_client_call_area() for the Archives interface.
 * Methods that take an a{sv} always send one, an empty one for NULL options, because
 * the daemon's signatures require it.
 */
#include "otk-archives.h"
#include "otk-client-private.h"

#define OTK_ARCHIVES_AREA "Archives"

/* NULL ids go out as "" so that the daemon refuses them by name, as elsewhere */
static const char *
otk_archive_arg(const char *s)
{
	return s != NULL ? s : "";
}

OTK_PUBLIC int
otk_client_archive_start(OtkClient *self,
			 const char *session_id,
			 const OtkOptions *options,
			 OtkDict **ret_archive,
			 OtkCallError **ret_error)
{
	const char *strings[] = {otk_archive_arg(session_id), NULL};
	OtkCallArgs args = {strings, options, true};
	return otk_client_call_area(
	    self, OTK_ARCHIVES_AREA, "Start", &args, OTK_REPLY_DICT, ret_archive, ret_error);
}

OTK_PUBLIC int
otk_client_archive_get(OtkClient *self,
		       const char *archive_id,
		       OtkDict **ret_archive,
		       OtkCallError **ret_error)
{
	const char *strings[] = {otk_archive_arg(archive_id), NULL};
	OtkCallArgs args = {strings, NULL, false};
	return otk_client_call_area(
	    self, OTK_ARCHIVES_AREA, "Get", &args, OTK_REPLY_DICT, ret_archive, ret_error);
}

OTK_PUBLIC int
otk_client_archive_list(OtkClient *self,
			const OtkOptions *filter,
			OtkDict **ret_list,
			OtkCallError **ret_error)
{
	OtkCallArgs args = {NULL, filter, true};
	return otk_client_call_area(
	    self, OTK_ARCHIVES_AREA, "List", &args, OTK_REPLY_LIST, ret_list, ret_error);
}

OTK_PUBLIC int
otk_client_archive_stop(OtkClient *self,
			const char *archive_id,
			OtkDict **ret_archive,
			OtkCallError **ret_error)
{
	const char *strings[] = {otk_archive_arg(archive_id), NULL};
	OtkCallArgs args = {strings, NULL, false};
	return otk_client_call_area(
	    self, OTK_ARCHIVES_AREA, "Stop", &args, OTK_REPLY_DICT, ret_archive, ret_error);
}

OTK_PUBLIC int
otk_client_archive_delete(OtkClient *self, const char *archive_id, OtkCallError **ret_error)
{
	const char *strings[] = {otk_archive_arg(archive_id), NULL};
	OtkCallArgs args = {strings, NULL, false};
	return otk_client_call_area(
	    self, OTK_ARCHIVES_AREA, "Delete", &args, OTK_REPLY_NONE, NULL, ret_error);
}

OTK_PUBLIC int
otk_client_archive_set_layout(OtkClient *self,
			      const char *archive_id,
			      const OtkOptions *layout,
			      OtkCallError **ret_error)
{
	const char *strings[] = {otk_archive_arg(archive_id), NULL};
	OtkCallArgs args = {strings, layout, true};
	return otk_client_call_area(
	    self, OTK_ARCHIVES_AREA, "SetLayout", &args, OTK_REPLY_NONE, NULL, ret_error);
}

OTK_PUBLIC int
otk_client_archive_add_stream(OtkClient *self,
			      const char *archive_id,
			      const char *stream_id,
			      const OtkOptions *options,
			      OtkCallError **ret_error)
{
	const char *strings[] = {otk_archive_arg(archive_id), otk_archive_arg(stream_id), NULL};
	OtkCallArgs args = {strings, options, true};
	return otk_client_call_area(
	    self, OTK_ARCHIVES_AREA, "AddStream", &args, OTK_REPLY_NONE, NULL, ret_error);
}

OTK_PUBLIC int
otk_client_archive_remove_stream(OtkClient *self,
				 const char *archive_id,
				 const char *stream_id,
				 OtkCallError **ret_error)
{
	const char *strings[] = {otk_archive_arg(archive_id), otk_archive_arg(stream_id), NULL};
	OtkCallArgs args = {strings, NULL, false};
	return otk_client_call_area(
	    self, OTK_ARCHIVES_AREA, "RemoveStream", &args, OTK_REPLY_NONE, NULL, ret_error);
}
