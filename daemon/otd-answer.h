/*
 * Types of the members the API's answers share: an answer whose "id" is a number or whose
 * "createdAt" is a string is not the API's, and callers get BadResponse rather than a dict
 * they would trip over.
 */
#pragma once

#include "otd-json-doc.h"

G_BEGIN_DECLS

gboolean otd_answer_check_object(const OtdJsonVal *object, GError **error);

G_END_DECLS
