/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dangqun: the desktop app. */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "dq-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr (DqApplication) app = NULL;
  const char *localedir = g_getenv ("DANGQUN_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_application_name (_ ("Dangqun"));

  app = dq_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
