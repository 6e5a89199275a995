/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Code lists of libdangqun: the standard codes of domain.md (gender,
 * ethnicity, education, political status) and the product's own
 * enumerations, whose stored value is the Chinese term itself. The tables are
 * static; the scopes (districts) are data, parsed once from the districts
 * keyfile in the core GResource bundle and kept for the process lifetime. */

#define G_LOG_DOMAIN "dq-codes"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "dq-codes.h"

#define DISTRICTS_RESOURCE "/io/github/dangqun/core/districts.ini"

/* GB/T 2261.1 */
static const DqCode gender_codes[] = {
  { "0", N_ ("Unknown") },
  { "1", N_ ("Male") },
  { "2", N_ ("Female") },
  { "9", N_ ("Unspecified") },
};

/* GB/T 3304: the 56 nationalities in the standard's order, then 97 and 98. */
static const DqCode ethnicity_codes[] = {
  { "01", N_ ("Han") },
  { "02", N_ ("Mongol") },
  { "03", N_ ("Hui") },
  { "04", N_ ("Tibetan") },
  { "05", N_ ("Uyghur") },
  { "06", N_ ("Miao") },
  { "07", N_ ("Yi") },
  { "08", N_ ("Zhuang") },
  { "09", N_ ("Buyei") },
  { "10", N_ ("Korean") },
  { "11", N_ ("Manchu") },
  { "12", N_ ("Dong") },
  { "13", N_ ("Yao") },
  { "14", N_ ("Bai") },
  { "15", N_ ("Tujia") },
  { "16", N_ ("Hani") },
  { "17", N_ ("Kazak") },
  { "18", N_ ("Dai") },
  { "19", N_ ("Li") },
  { "20", N_ ("Lisu") },
  { "21", N_ ("Va") },
  { "22", N_ ("She") },
  { "23", N_ ("Gaoshan") },
  { "24", N_ ("Lahu") },
  { "25", N_ ("Sui") },
  { "26", N_ ("Dongxiang") },
  { "27", N_ ("Naxi") },
  { "28", N_ ("Jingpo") },
  { "29", N_ ("Kirgiz") },
  { "30", N_ ("Tu") },
  { "31", N_ ("Daur") },
  { "32", N_ ("Mulao") },
  { "33", N_ ("Qiang") },
  { "34", N_ ("Blang") },
  { "35", N_ ("Salar") },
  { "36", N_ ("Maonan") },
  { "37", N_ ("Gelao") },
  { "38", N_ ("Xibe") },
  { "39", N_ ("Achang") },
  { "40", N_ ("Pumi") },
  { "41", N_ ("Tajik") },
  { "42", N_ ("Nu") },
  { "43", N_ ("Uzbek") },
  { "44", N_ ("Russian") },
  { "45", N_ ("Ewenki") },
  { "46", N_ ("Deang") },
  { "47", N_ ("Bonan") },
  { "48", N_ ("Yugur") },
  { "49", N_ ("Gin") },
  { "50", N_ ("Tatar") },
  { "51", N_ ("Derung") },
  { "52", N_ ("Oroqen") },
  { "53", N_ ("Hezhen") },
  { "54", N_ ("Monba") },
  { "55", N_ ("Lhoba") },
  { "56", N_ ("Jino") },
  { "97", N_ ("Other") },
  { "98", N_ ("Foreign-born Chinese citizen") },
};

/* GB/T 4658-2006. The tens are the levels; the standard leaves gaps (24-27,
 * 34-39, 50-59, 72, 82), which are not codes. */
static const DqCode education_codes[] = {
  { "10", N_ ("Postgraduate education") },
  { "11", N_ ("Doctorate, graduated") },
  { "12", N_ ("Doctorate, completed without graduating") },
  { "13", N_ ("Doctorate, left before completing") },
  { "14", N_ ("Master's, graduated") },
  { "15", N_ ("Master's, completed without graduating") },
  { "16", N_ ("Master's, left before completing") },
  { "17", N_ ("Postgraduate class, graduated") },
  { "18", N_ ("Postgraduate class, completed without graduating") },
  { "19", N_ ("Postgraduate class, left before completing") },
  { "20", N_ ("Undergraduate education") },
  { "21", N_ ("Undergraduate, graduated") },
  { "22", N_ ("Undergraduate, completed without graduating") },
  { "23", N_ ("Undergraduate, left before completing") },
  { "28", N_ ("University ordinary class, graduated") },
  { "30", N_ ("Junior college education") },
  { "31", N_ ("Junior college, graduated") },
  { "32", N_ ("Junior college, completed without graduating") },
  { "33", N_ ("Junior college, left before completing") },
  { "40", N_ ("Secondary vocational education") },
  { "41", N_ ("Secondary specialized school, graduated") },
  { "42", N_ ("Secondary specialized school, completed without graduating") },
  { "43", N_ ("Secondary specialized school, left before completing") },
  { "44", N_ ("Vocational high school, graduated") },
  { "45", N_ ("Vocational high school, completed without graduating") },
  { "46", N_ ("Vocational high school, left before completing") },
  { "47", N_ ("Technical school, graduated") },
  { "48", N_ ("Technical school, completed without graduating") },
  { "49", N_ ("Technical school, left before completing") },
  { "60", N_ ("Senior high school education") },
  { "61", N_ ("Senior high school, graduated") },
  { "62", N_ ("Senior high school, completed without graduating") },
  { "63", N_ ("Senior high school, left before completing") },
  { "70", N_ ("Junior high school education") },
  { "71", N_ ("Junior high school, graduated") },
  { "73", N_ ("Junior high school, left before completing") },
  { "80", N_ ("Primary school education") },
  { "81", N_ ("Primary school, graduated") },
  { "83", N_ ("Primary school, left before completing") },
  { "90", N_ ("Other") },
};

/* GB/T 4762 */
static const DqCode political_status_codes[] = {
  { "01", N_ ("CPC member") },
  { "02", N_ ("CPC probationary member") },
  { "03", N_ ("Communist Youth League member") },
  { "04", N_ ("Revolutionary Committee of the Chinese Kuomintang member") },
  { "05", N_ ("China Democratic League member") },
  { "06", N_ ("China National Democratic Construction Association member") },
  { "07", N_ ("China Association for Promoting Democracy member") },
  { "08", N_ ("Chinese Peasants' and Workers' Democratic Party member") },
  { "09", N_ ("China Zhi Gong Party member") },
  { "10", N_ ("Jiusan Society member") },
  { "11", N_ ("Taiwan Democratic Self-Government League member") },
  { "12", N_ ("Non-party personage") },
  { "13", N_ ("Ordinary citizen") },
};

/* The product's enumerations: the code is the term shown to users. */
#define TERM(s) \
  {             \
    s, NULL     \
  }

static const DqCode org_kind_codes[] = {
  TERM ("党委"),
  TERM ("党工委"),
  TERM ("党组"),
  TERM ("党总支"),
  TERM ("党支部"),
  TERM ("联合党支部"),
  TERM ("临时党支部"),
  TERM ("功能型党支部"),
};

static const DqCode org_domain_codes[] = {
  TERM ("居民小组"),
  TERM ("非公企业"),
  TERM ("社会组织"),
  TERM ("园区"),
  TERM ("机关"),
  TERM ("国有企业"),
  TERM ("公办中小学"),
  TERM ("医院"),
  TERM ("楼宇"),
  TERM ("社区"),
};

static const DqCode unit_situation_codes[] = {
  TERM ("与上级党组织相同"),
  TERM ("法人单位"),
  TERM ("联合党支部"),
};

static const DqCode member_category_codes[] = {
  TERM ("正式"),
  TERM ("预备"),
};

static const DqCode member_standing_codes[] = {
  TERM ("正常"),
  TERM ("停止党籍"),
};

static const DqCode flowing_codes[] = {
  TERM ("流入"),
  TERM ("流出"),
};

static const DqCode transfer_status_codes[] = {
  TERM ("申请"),
  TERM ("转出审核"),
  TERM ("待回执"),
  TERM ("已接收"),
  TERM ("退回"),
  TERM ("过期"),
};

static const DqCode center_level_codes[] = {
  TERM ("市"),
  TERM ("区"),
  TERM ("街道"),
  TERM ("社区"),
  TERM ("园区"),
  TERM ("商圈"),
  TERM ("楼宇"),
};

static const DqCode center_function_codes[] = {
  TERM ("党建"),
  TERM ("政务"),
  TERM ("企业"),
  TERM ("人力"),
  TERM ("科创"),
  TERM ("工人"),
  TERM ("青少年"),
  TERM ("妇女"),
  TERM ("法律援助"),
  TERM ("社会救助"),
};

static const DqCode activity_kind_codes[] = {
  TERM ("志愿服务"),
  TERM ("主题党日"),
  TERM ("三会一课"),
  TERM ("党课"),
  TERM ("培训"),
  TERM ("讲座"),
  TERM ("文体"),
  TERM ("其他"),
};

static const DqCode audience_codes[] = {
  TERM ("党员"),
  TERM ("群众"),
  TERM ("全部"),
};

static const DqCode activity_status_codes[] = {
  TERM ("筹备"),
  TERM ("报名中"),
  TERM ("进行中"),
  TERM ("已结束"),
  TERM ("已取消"),
};

static const DqCode registration_status_codes[] = {
  TERM ("已报名"),
  TERM ("候补"),
  TERM ("已取消"),
  TERM ("未到"),
};

static const DqCode registration_source_codes[] = {
  TERM ("线上"),
  TERM ("现场"),
  TERM ("导入"),
};

static const DqCode visit_target_kind_codes[] = {
  TERM ("住户"),
  TERM ("个体工商户"),
  TERM ("驻社区单位"),
};

static const DqCode worker_role_codes[] = {
  TERM ("书记"),
  TERM ("专职工作者"),
  TERM ("后备干部"),
  TERM ("辅助力量"),
};

static const DqCode incubation_stage_codes[] = {
  TERM ("申请入驻"),
  TERM ("孵化中"),
  TERM ("已出壳"),
  TERM ("已退出"),
};

static const DqCode social_org_kind_codes[] = {
  TERM ("社会团体"),
  TERM ("民办非企业单位"),
  TERM ("基金会"),
};

static const DqCode booking_status_codes[] = {
  TERM ("已预约"),
  TERM ("已取消"),
};

static const DqCode notice_ack_status_codes[] = {
  TERM ("已收到"),
  TERM ("已完成"),
};

static const DqCode meeting_kind_codes[] = {
  TERM ("支部党员大会"),
  TERM ("支部委员会"),
  TERM ("党小组会"),
  TERM ("党课"),
  TERM ("主题党日"),
};

static const DqCode attendance_status_codes[] = {
  TERM ("出席"),
  TERM ("请假"),
  TERM ("缺席"),
};

#undef TERM

#define LIST(name)                                  \
  {                                                 \
#name, name##_codes, G_N_ELEMENTS(name##_codes) \
  }

static const DqCodeList code_lists[] = {
  LIST (gender),
  LIST (ethnicity),
  LIST (education),
  LIST (political_status),
  LIST (org_kind),
  LIST (org_domain),
  LIST (unit_situation),
  LIST (member_category),
  LIST (member_standing),
  LIST (flowing),
  LIST (transfer_status),
  LIST (center_level),
  LIST (center_function),
  LIST (activity_kind),
  LIST (audience),
  LIST (activity_status),
  LIST (registration_status),
  LIST (registration_source),
  LIST (visit_target_kind),
  LIST (worker_role),
  LIST (incubation_stage),
  LIST (social_org_kind),
  LIST (booking_status),
  LIST (notice_ack_status),
  LIST (meeting_kind),
  LIST (attendance_status),
};

#undef LIST

/* The parsed districts keyfile; never freed. */
typedef struct {
  DqDistrict *districts;
  guint       n_districts;
} Districts;

static const DqCode *
find_code (const DqCodeList *list,
           const char       *code)
{
  /* Called for every merged cell: a plain scan of a short static array,
   * comparing the first byte before calling strcmp. */
  for (guint i = 0; i < list->n_codes; i++)
    {
      const char *c = list->codes[i].code;

      if (c[0] == code[0] && strcmp (c, code) == 0)
        return &list->codes[i];
    }

  return NULL;
}

static gboolean
is_district_code (const char *code)
{
  if (strlen (code) != 6)
    return FALSE;

  for (guint i = 0; i < 6; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;

  return TRUE;
}

static gpointer
load_districts (gpointer data)
{
  Districts *result = g_new0 (Districts, 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  g_auto (GStrv) groups = NULL;
  gsize n_groups = 0;
  guint n = 0;

  bytes = g_resources_lookup_data (DISTRICTS_RESOURCE,
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      g_critical ("Cannot read the scopes from %s: %s",
                  DISTRICTS_RESOURCE, error->message);
      return result;
    }

  g_key_file_set_list_separator (keyfile, ';');
  if (!g_key_file_load_from_bytes (keyfile, bytes, G_KEY_FILE_NONE, &error))
    {
      g_critical ("Cannot parse %s: %s", DISTRICTS_RESOURCE, error->message);
      return result;
    }

  groups = g_key_file_get_groups (keyfile, &n_groups);
  result->districts = g_new0 (DqDistrict, n_groups + 1);

  for (gsize i = 0; i < n_groups; i++)
    {
      g_autoptr (GError) key_error = NULL;
      g_autofree char *name = NULL;
      g_auto (GStrv) streets = NULL;
      DqDistrict *d;

      if (!is_district_code (groups[i]))
        {
          g_critical ("%s: [%s] is not a six-digit scope code",
                      DISTRICTS_RESOURCE, groups[i]);
          continue;
        }

      name = g_key_file_get_string (keyfile, groups[i], "name", &key_error);
      if (name == NULL || name[0] == '\0')
        {
          g_critical ("%s: [%s] has no name", DISTRICTS_RESOURCE, groups[i]);
          continue;
        }

      /* A missing or empty streets= key is a scope without streets. */
      streets = g_key_file_get_string_list (keyfile, groups[i], "streets",
                                            NULL, NULL);
      if (streets == NULL)
        streets = g_new0 (char *, 1);

      d = &result->districts[n++];
      d->code = g_strdup (groups[i]);
      d->name = g_steal_pointer (&name);
      d->streets = (const char *const *) g_steal_pointer (&streets);
    }

  result->n_districts = n;

  return result;
}

static const Districts *
get_districts (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, load_districts, NULL);

  return once.retval;
}

const DqCodeList *
dq_code_list_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (code_lists); i++)
    if (strcmp (code_lists[i].name, name) == 0)
      return &code_lists[i];

  return NULL;
}

gboolean
dq_code_list_contains (const DqCodeList *list,
                       const char       *code)
{
  g_return_val_if_fail (list != NULL, FALSE);

  if (code == NULL)
    return FALSE;

  return find_code (list, code) != NULL;
}

const char *
dq_code_list_label (const DqCodeList *list,
                    const char       *code)
{
  const DqCode *entry;

  g_return_val_if_fail (list != NULL, NULL);

  if (code == NULL)
    return NULL;

  entry = find_code (list, code);
  if (entry == NULL)
    return NULL;

  if (entry->label == NULL)
    return entry->code;

  return g_dgettext (GETTEXT_PACKAGE, entry->label);
}

const DqDistrict *
dq_districts (guint *n_districts)
{
  const Districts *districts = get_districts ();

  if (n_districts != NULL)
    *n_districts = districts->n_districts;

  return districts->districts;
}

const DqDistrict *
dq_district_lookup (const char *code)
{
  const Districts *districts;

  if (code == NULL)
    return NULL;

  districts = get_districts ();
  for (guint i = 0; i < districts->n_districts; i++)
    if (strcmp (districts->districts[i].code, code) == 0)
      return &districts->districts[i];

  return NULL;
}
