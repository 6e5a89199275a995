/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of dq-codes: the standard code lists, the product's enumerations and
 * the scopes (districts) loaded from the core GResource bundle. */

#define G_LOG_DOMAIN "test-codes"

#include "config.h"

#include <libintl.h>
#include <locale.h>
#include <string.h>

#include <glib.h>

#include "dq-codes.h"

#define TERMS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* The enumerations whose stored value is the Chinese term, in order. */
static const struct {
  const char        *name;
  const char *const *terms;
} term_lists[] = {
  { "org_kind", TERMS ("党委", "党工委", "党组", "党总支", "党支部", "联合党支部", "临时党支部", "功能型党支部") },
  { "org_domain", TERMS ("居民小组", "非公企业", "社会组织", "园区", "机关", "国有企业", "公办中小学", "医院", "楼宇", "社区") },
  { "unit_situation", TERMS ("与上级党组织相同", "法人单位", "联合党支部") },
  { "member_category", TERMS ("正式", "预备") },
  { "member_standing", TERMS ("正常", "停止党籍") },
  { "flowing", TERMS ("流入", "流出") },
  { "transfer_status", TERMS ("申请", "转出审核", "待回执", "已接收", "退回", "过期") },
  { "center_level", TERMS ("市", "区", "街道", "社区", "园区", "商圈", "楼宇") },
  { "center_function", TERMS ("党建", "政务", "企业", "人力", "科创", "工人", "青少年", "妇女", "法律援助", "社会救助") },
  { "activity_kind", TERMS ("志愿服务", "主题党日", "三会一课", "党课", "培训", "讲座", "文体", "其他") },
  { "audience", TERMS ("党员", "群众", "全部") },
  { "activity_status", TERMS ("筹备", "报名中", "进行中", "已结束", "已取消") },
  { "registration_status", TERMS ("已报名", "候补", "已取消", "未到") },
  { "registration_source", TERMS ("线上", "现场", "导入") },
  { "visit_target_kind", TERMS ("住户", "个体工商户", "驻社区单位") },
  { "worker_role", TERMS ("书记", "专职工作者", "后备干部", "辅助力量") },
  { "incubation_stage", TERMS ("申请入驻", "孵化中", "已出壳", "已退出") },
  { "social_org_kind", TERMS ("社会团体", "民办非企业单位", "基金会") },
  { "booking_status", TERMS ("已预约", "已取消") },
  { "notice_ack_status", TERMS ("已收到", "已完成") },
  { "meeting_kind", TERMS ("支部党员大会", "支部委员会", "党小组会", "党课", "主题党日") },
  { "attendance_status", TERMS ("出席", "请假", "缺席") },
};

static const char *const standard_lists[] = {
  "gender",
  "ethnicity",
  "education",
  "political_status",
};

static void
assert_well_formed (const DqCodeList *list)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_nonnull (list->codes);
  g_assert_cmpuint (list->n_codes, >, 0);

  for (guint i = 0; i < list->n_codes; i++)
    {
      const DqCode *c = &list->codes[i];

      g_assert_nonnull (c->code);
      g_assert_cmpstr (c->code, !=, "");
      g_assert_true (g_utf8_validate (c->code, -1, NULL));
      g_assert_true (g_hash_table_add (seen, (gpointer) c->code)); /* unique */
      g_assert_true (dq_code_list_contains (list, c->code));
      g_assert_nonnull (dq_code_list_label (list, c->code));
    }
}

static void
test_lists_exist (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (standard_lists); i++)
    {
      const DqCodeList *list = dq_code_list_lookup (standard_lists[i]);

      g_assert_nonnull (list);
      g_assert_cmpstr (list->name, ==, standard_lists[i]);
      assert_well_formed (list);

      /* standard codes are digits with an English label */
      for (guint j = 0; j < list->n_codes; j++)
        {
          for (const char *p = list->codes[j].code; *p; p++)
            g_assert_true (g_ascii_isdigit (*p));
          g_assert_nonnull (list->codes[j].label);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (term_lists); i++)
    {
      const DqCodeList *list = dq_code_list_lookup (term_lists[i].name);
      guint             n = g_strv_length ((char **) term_lists[i].terms);

      g_assert_nonnull (list);
      g_assert_cmpstr (list->name, ==, term_lists[i].name);
      assert_well_formed (list);
      g_assert_cmpuint (list->n_codes, ==, n);

      for (guint j = 0; j < n; j++)
        {
          g_assert_cmpstr (list->codes[j].code, ==, term_lists[i].terms[j]);
          g_assert_null (list->codes[j].label);
          /* the label of a term is the term itself */
          g_assert_cmpstr (dq_code_list_label (list, term_lists[i].terms[j]), ==,
                           term_lists[i].terms[j]);
        }
    }

  g_assert_null (dq_code_list_lookup ("district"));
  g_assert_null (dq_code_list_lookup ("no_such_list"));
  g_assert_null (dq_code_list_lookup (""));
  g_assert_true (dq_code_list_lookup ("gender") == dq_code_list_lookup ("gender"));
}

static void
test_gender (void)
{
  const DqCodeList *gender = dq_code_list_lookup ("gender");

  g_assert_cmpuint (gender->n_codes, ==, 4);
  g_assert_true (dq_code_list_contains (gender, "0"));
  g_assert_true (dq_code_list_contains (gender, "1"));
  g_assert_true (dq_code_list_contains (gender, "2"));
  g_assert_true (dq_code_list_contains (gender, "9"));
  g_assert_false (dq_code_list_contains (gender, "3"));
  g_assert_false (dq_code_list_contains (gender, "男"));
  g_assert_false (dq_code_list_contains (gender, "10"));
  g_assert_false (dq_code_list_contains (gender, ""));
  g_assert_false (dq_code_list_contains (gender, NULL));

  /* no catalog is bound here: labels are the English msgids */
  g_assert_cmpstr (dq_code_list_label (gender, "0"), ==, "Unknown");
  g_assert_cmpstr (dq_code_list_label (gender, "1"), ==, "Male");
  g_assert_cmpstr (dq_code_list_label (gender, "2"), ==, "Female");
  g_assert_cmpstr (dq_code_list_label (gender, "9"), ==, "Unspecified");
  g_assert_null (dq_code_list_label (gender, "3"));
  g_assert_null (dq_code_list_label (gender, NULL));
}

static void
test_ethnicity (void)
{
  const DqCodeList *list = dq_code_list_lookup ("ethnicity");

  g_assert_cmpuint (list->n_codes, ==, 58);

  /* 01 to 56 in order, then 97 and 98 */
  for (guint i = 0; i < 56; i++)
    {
      g_autofree char *code = g_strdup_printf ("%02u", i + 1);

      g_assert_cmpstr (list->codes[i].code, ==, code);
    }
  g_assert_cmpstr (list->codes[56].code, ==, "97");
  g_assert_cmpstr (list->codes[57].code, ==, "98");

  g_assert_cmpstr (dq_code_list_label (list, "01"), ==, "Han");
  g_assert_cmpstr (dq_code_list_label (list, "02"), ==, "Mongol");
  g_assert_cmpstr (dq_code_list_label (list, "03"), ==, "Hui");
  g_assert_cmpstr (dq_code_list_label (list, "04"), ==, "Tibetan");
  g_assert_cmpstr (dq_code_list_label (list, "05"), ==, "Uyghur");
  g_assert_cmpstr (dq_code_list_label (list, "08"), ==, "Zhuang");
  g_assert_cmpstr (dq_code_list_label (list, "11"), ==, "Manchu");
  g_assert_cmpstr (dq_code_list_label (list, "56"), ==, "Jino");
  g_assert_cmpstr (dq_code_list_label (list, "97"), ==, "Other");
  g_assert_cmpstr (dq_code_list_label (list, "98"), ==, "Foreign-born Chinese citizen");

  g_assert_false (dq_code_list_contains (list, "00"));
  g_assert_false (dq_code_list_contains (list, "57"));
  g_assert_false (dq_code_list_contains (list, "1"));
  g_assert_false (dq_code_list_contains (list, "汉族"));
}

static void
test_education (void)
{
  static const char *const codes[] = {
    "10",
    "11",
    "12",
    "13",
    "14",
    "15",
    "16",
    "17",
    "18",
    "19",
    "20",
    "21",
    "22",
    "23",
    "28",
    "30",
    "31",
    "32",
    "33",
    "40",
    "41",
    "42",
    "43",
    "44",
    "45",
    "46",
    "47",
    "48",
    "49",
    "60",
    "61",
    "62",
    "63",
    "70",
    "71",
    "73",
    "80",
    "81",
    "83",
    "90",
  };
  const DqCodeList *list = dq_code_list_lookup ("education");

  g_assert_cmpuint (list->n_codes, ==, G_N_ELEMENTS (codes));
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    g_assert_cmpstr (list->codes[i].code, ==, codes[i]);

  g_assert_cmpstr (dq_code_list_label (list, "10"), ==, "Postgraduate education");
  g_assert_cmpstr (dq_code_list_label (list, "21"), ==, "Undergraduate, graduated");
  g_assert_cmpstr (dq_code_list_label (list, "90"), ==, "Other");
  g_assert_false (dq_code_list_contains (list, "24"));
  g_assert_false (dq_code_list_contains (list, "50"));
  g_assert_false (dq_code_list_contains (list, "72"));
}

static void
test_political_status (void)
{
  const DqCodeList *list = dq_code_list_lookup ("political_status");

  g_assert_cmpuint (list->n_codes, ==, 13);
  for (guint i = 0; i < 13; i++)
    {
      g_autofree char *code = g_strdup_printf ("%02u", i + 1);

      g_assert_cmpstr (list->codes[i].code, ==, code);
    }
  g_assert_cmpstr (dq_code_list_label (list, "01"), ==, "CPC member");
  g_assert_cmpstr (dq_code_list_label (list, "13"), ==, "Ordinary citizen");
  g_assert_false (dq_code_list_contains (list, "1"));
  g_assert_false (dq_code_list_contains (list, "14"));
}

static void
test_terms (void)
{
  const DqCodeList *kind = dq_code_list_lookup ("org_kind");
  const DqCodeList *status = dq_code_list_lookup ("transfer_status");

  g_assert_true (dq_code_list_contains (kind, "党支部"));
  g_assert_false (dq_code_list_contains (kind, "党支"));
  g_assert_false (dq_code_list_contains (kind, "党支部 "));
  g_assert_false (dq_code_list_contains (kind, "Party branch"));
  g_assert_null (dq_code_list_label (kind, "党小组"));

  g_assert_true (dq_code_list_contains (status, "待回执"));
  g_assert_false (dq_code_list_contains (status, "已完成"));
}

/* Under zh_CN, with this build's catalog (DANGQUN_LOCALEDIR), gender labels
 * come out in Chinese. tools/install-deps makes the locale. */
static void
test_gender_zh_cn (void)
{
  const DqCodeList *gender = dq_code_list_lookup ("gender");
  g_autofree char  *old_locale = g_strdup (setlocale (LC_ALL, NULL));
  const char       *localedir = g_getenv ("DANGQUN_LOCALEDIR");

  g_assert_nonnull (localedir);
  g_assert_nonnull (setlocale (LC_ALL, "zh_CN.UTF-8"));
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_assert_cmpstr (dq_code_list_label (gender, "1"), ==, "男");
  g_assert_cmpstr (dq_code_list_label (gender, "2"), ==, "女");
  setlocale (LC_ALL, old_locale);
}

static void
test_districts (void)
{
  static const char *const pingshan[] = { "坪山", "坑梓", "龙田", "石井", "马峦", "碧岭", NULL };
  static const char *const codes[] = {
    "440300",
    "440303",
    "440304",
    "440305",
    "440306",
    "440307",
    "440308",
    "440309",
    "440310",
    "440311",
    "440399",
  };
  guint             n = 0;
  const DqDistrict *all = dq_districts (&n);
  const DqDistrict *d;

  g_assert_cmpuint (n, ==, 11);
  g_assert_true (dq_districts (NULL) == all); /* loaded once */
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (all[i].code, ==, codes[i]);
      g_assert_nonnull (all[i].name);
      g_assert_nonnull (all[i].streets);
      g_assert_true (dq_district_lookup (codes[i]) == &all[i]);
    }

  d = dq_district_lookup (DQ_CITY_DISTRICT);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->name, ==, "深圳市");
  g_assert_null (d->streets[0]);

  d = dq_district_lookup ("440310");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->name, ==, "坪山区");
  g_assert_cmpstrv ((const char *const *) d->streets, pingshan);

  d = dq_district_lookup ("440399");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->name, ==, "大鹏新区");
  g_assert_cmpstrv ((const char *const *) d->streets,
                    ((const char *const[]){ "葵涌", "大鹏", "南澳", NULL }));

  d = dq_district_lookup ("440307");
  g_assert_cmpstr (d->name, ==, "龙岗区");
  g_assert_cmpuint (g_strv_length ((char **) d->streets), ==, 11);

  d = dq_district_lookup ("440303");
  g_assert_cmpstr (d->name, ==, "罗湖区");
  g_assert_cmpstr (d->streets[9], ==, "清水河");
  g_assert_null (d->streets[10]);

  g_assert_null (dq_district_lookup ("440312"));
  g_assert_null (dq_district_lookup ("坪山区"));
  g_assert_null (dq_district_lookup (""));
  g_assert_null (dq_district_lookup (NULL));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/codes/lists-exist", test_lists_exist);
  g_test_add_func ("/codes/gender", test_gender);
  g_test_add_func ("/codes/gender-zh-cn", test_gender_zh_cn);
  g_test_add_func ("/codes/ethnicity", test_ethnicity);
  g_test_add_func ("/codes/education", test_education);
  g_test_add_func ("/codes/political-status", test_political_status);
  g_test_add_func ("/codes/terms", test_terms);
  g_test_add_func ("/codes/districts", test_districts);

  return g_test_run ();
}
