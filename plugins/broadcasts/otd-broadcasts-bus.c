/* org.opentokd.OpenTok1.Broadcasts: the shared recording handlers, for "broadcast" */
#include "config.h"

#include "otd-broadcasts.h"
#include "otd-plugin-bus.h"

static const OtdRecordingKind otd_broadcasts_kind = {
    .resource = "broadcast",
    .start_body = otd_broadcasts_start_body,
    .fixup = otd_broadcasts_fixup,
};

static const OtdBusMethod otd_broadcasts_methods[] = {
    {SD_BUS_METHOD_WITH_NAMES("Start", "sa{sv}", SD_BUS_PARAM(session_id) SD_BUS_PARAM(options),
			      "a{sv}", SD_BUS_PARAM(broadcast), otd_recording_method_start, 0),
     OTD_ACCESS_WRITE},
    {SD_BUS_METHOD_WITH_NAMES("Get", "s", SD_BUS_PARAM(id), "a{sv}", SD_BUS_PARAM(broadcast),
			      otd_recording_method_get, 0),
     OTD_ACCESS_READ},
    {SD_BUS_METHOD_WITH_NAMES("List", "a{sv}", SD_BUS_PARAM(filter), "aa{sv}u",
			      SD_BUS_PARAM(items) SD_BUS_PARAM(total), otd_recording_method_list,
			      0),
     OTD_ACCESS_READ},
    {SD_BUS_METHOD_WITH_NAMES("Stop", "s", SD_BUS_PARAM(id), "a{sv}", SD_BUS_PARAM(broadcast),
			      otd_recording_method_stop, 0),
     OTD_ACCESS_WRITE},
    {SD_BUS_METHOD_WITH_NAMES("SetLayout", "sa{sv}", SD_BUS_PARAM(id) SD_BUS_PARAM(layout), "",
			      "", otd_recording_method_set_layout, 0),
     OTD_ACCESS_WRITE},
    {SD_BUS_METHOD_WITH_NAMES("AddStream", "ssa{sv}",
			      SD_BUS_PARAM(id) SD_BUS_PARAM(stream_id) SD_BUS_PARAM(options), "",
			      "", otd_recording_method_add_stream, 0),
     OTD_ACCESS_WRITE},
    {SD_BUS_METHOD_WITH_NAMES("RemoveStream", "ss", SD_BUS_PARAM(id) SD_BUS_PARAM(stream_id), "",
			      "", otd_recording_method_remove_stream, 0),
     OTD_ACCESS_WRITE},
};

gboolean
otd_broadcasts_bus_register(OtdPlugin *plugin, GError **error)
{
	OtdRecording *self = g_new0(OtdRecording, 1);

	self->plugin = plugin;
	self->kind = &otd_broadcasts_kind;
	otd_plugin_set_data(plugin, self, g_free);
	return otd_plugin_add_methods(plugin, otd_broadcasts_methods,
				      G_N_ELEMENTS(otd_broadcasts_methods), self, error);
}
