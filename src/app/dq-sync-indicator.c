/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqSyncIndicator: follows the engine's state and pending count. */
#define G_LOG_DOMAIN "dq-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-sync-indicator.h"

struct _DqSyncIndicator {
  GtkButton parent_instance;

  DqSyncEngine *engine;
  GSignalGroup *signals;

  GtkStack   *icon_stack;
  GtkImage   *icon;
  GtkSpinner *spinner;
  GtkLabel   *label;
};

G_DEFINE_FINAL_TYPE (DqSyncIndicator, dq_sync_indicator, GTK_TYPE_BUTTON)

static const char *
state_icon (DqSyncState state)
{
  switch (state)
    {
    case DQ_SYNC_STATE_UP_TO_DATE:
      return "emblem-ok-symbolic";
    case DQ_SYNC_STATE_OFFLINE:
      return "network-offline-symbolic";
    case DQ_SYNC_STATE_NEEDS_LOGIN:
      return "system-lock-screen-symbolic";
    case DQ_SYNC_STATE_CLOCK_WRONG:
      return "preferences-system-time-symbolic";
    case DQ_SYNC_STATE_SYNCING:
    case DQ_SYNC_STATE_ERROR:
    default:
      return "dialog-warning-symbolic";
    }
}

static void
update (DqSyncIndicator *self)
{
  DqSyncState      state;
  g_autofree char *text = NULL;

  if (self->engine == NULL)
    return;

  state = dq_sync_engine_get_state (self->engine);
  text = dq_sync_state_describe (state, dq_sync_engine_get_pending (self->engine));
  gtk_label_set_text (self->label, text);
  gtk_image_set_from_icon_name (self->icon, state_icon (state));
  gtk_spinner_set_spinning (self->spinner, state == DQ_SYNC_STATE_SYNCING);
  gtk_stack_set_visible_child_name (self->icon_stack, state == DQ_SYNC_STATE_SYNCING ? "spinner" : "icon");

  gtk_widget_remove_css_class (GTK_WIDGET (self), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  if (state == DQ_SYNC_STATE_OFFLINE)
    gtk_widget_add_css_class (GTK_WIDGET (self), "warning");
  else if (state == DQ_SYNC_STATE_NEEDS_LOGIN || state == DQ_SYNC_STATE_CLOCK_WRONG ||
           state == DQ_SYNC_STATE_ERROR)
    gtk_widget_add_css_class (GTK_WIDGET (self), "error");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);

  /* Signed out by the server: clicking leads to the sign-in page. The
   * action goes first so no action ever meets the wrong target. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self), NULL);
  if (state == DQ_SYNC_STATE_NEEDS_LOGIN)
    {
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self), NULL);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self), "win.show-login");
    }
  else
    {
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self), g_variant_new_string ("sync"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self), "win.show-page");
    }
}

static void
dq_sync_indicator_dispose (GObject *object)
{
  DqSyncIndicator *self = DQ_SYNC_INDICATOR (object);

  g_clear_object (&self->signals);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (dq_sync_indicator_parent_class)->dispose (object);
}

static void
dq_sync_indicator_class_init (DqSyncIndicatorClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dq_sync_indicator_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dangqun/Dangqun/ui/dq-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, DqSyncIndicator, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, DqSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, DqSyncIndicator, spinner);
  gtk_widget_class_bind_template_child (widget_class, DqSyncIndicator, label);
}

static void
dq_sync_indicator_init (DqSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->signals = g_signal_group_new (DQ_TYPE_SYNC_ENGINE);
  g_signal_group_connect_swapped (self->signals, "notify::state", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->signals, "notify::pending", G_CALLBACK (update), self);
}

DqSyncIndicator *
dq_sync_indicator_new (void)
{
  return g_object_new (DQ_TYPE_SYNC_INDICATOR, NULL);
}

void
dq_sync_indicator_set_engine (DqSyncIndicator *self,
                              DqSyncEngine    *engine)
{
  g_return_if_fail (DQ_IS_SYNC_INDICATOR (self));

  if (!g_set_object (&self->engine, engine))
    return;
  g_signal_group_set_target (self->signals, engine);
  update (self);
}

const char *
dq_sync_indicator_get_text (DqSyncIndicator *self)
{
  g_return_val_if_fail (DQ_IS_SYNC_INDICATOR (self), NULL);
  return gtk_label_get_text (self->label);
}
