/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Demo data: a realistic and obviously fictional Shenzhen, made for
 * screenshots, training and benchmarks.
 *
 * Nothing comes from the clock or g_random: every value derives from the
 * run's seed. Each district has its own seed (the run's seed and the district
 * code), its own range of row-id timestamps and its own range of stamps, so a
 * district comes out the same whether or not others are generated beside it,
 * and a city run is the union of the district runs. Row ids are UUID v7
 * shaped and computed from (district, table, row number), so a row can name
 * another before that one is written: an organization its secretary, a
 * registration its member.
 *
 * A district's plan (communities, the organization tree, centers, rooms,
 * buildings) is kept in memory: a few thousand small entries. Members and the
 * other big tables are computed row by row and streamed to the store in
 * batches. City-level rows (district 440300: the city center and city-wide
 * notices) are readable by every district, and district rows point at them,
 * so every run includes them. */

#define G_LOG_DOMAIN "dq-demo"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "dq-codes.h"
#include "dq-demo.h"
#include "dq-hlc.h"
#include "dq-record.h"
#include "dq-schema.h"
#include "dq-store.h"
#include "dq-validate.h"

#define DEFAULT_SEED 20240601u
/* Row ids and stamps start at 2026-01-01T00:00:00+08:00. */
#define BASE_MS G_GUINT64_CONSTANT (1767196800000)
/* Each district's row ids take their own time range, each table a part. */
#define SLOT_MS  G_GUINT64_CONSTANT (100000000)
#define TABLE_MS G_GUINT64_CONSTANT (4000000)
/* Each district's stamps take their own counter range. */
#define SLOT_STAMPS    24
#define BATCH_SIZE     5000
#define PROGRESS_EVERY 10000
#define NONE           G_MAXUINT32
/* No date: days are counted from 1970, so earlier dates are negative. */
#define NO_DAY G_MININT

/* The demo's "today": activities before it have ended. */
#define TODAY_Y 2026
#define TODAY_M 11
#define TODAY_D 28

typedef enum {
  T_ORG,
  T_MEMBER,
  T_TRANSFER,
  T_CENTER,
  T_ROOM,
  T_BOOKING,
  T_ACTIVITY,
  T_REGISTRATION,
  T_VISIT_TEAM,
  T_VISIT_TARGET,
  T_VISIT,
  T_BUILDING,
  T_SOCIAL_ORG,
  T_WORKER,
  T_NOTICE,
  T_NOTICE_ACK,
  T_POST,
  T_FUND,
  T_STANDARD_CHECK,
  T_MEETING,
  T_MEETING_ATTENDANCE,
  T_CHECKIN,
  N_TABLES
} TableId;

/* Independent random streams of a district: adding a value to one table
 * does not reshuffle the others. */
typedef enum {
  S_PLAN = 1,
  S_NAMES,
  S_ORGS,
  S_ORG_ROW,
  S_MEMBER,
  S_TRANSFER,
  S_CENTERS,
  S_ROOMS,
  S_BOOKINGS,
  S_ACTIVITIES,
  S_REGISTRATIONS,
  S_VISITS,
  S_BUILDINGS,
  S_SOCIAL,
  S_WORKERS,
  S_NOTICES,
  S_POSTS,
  S_FUNDS,
  S_CHECKS,
  S_MEETINGS,
  S_PERSON,
  S_DESK,
  S_ELECTIONS,
} Stream;

/* Phone numbers: "19", two digits of the district, then seven digits that
 * are a permutation of a number unique within the district. */
typedef enum {
  PHONES_MEMBER = 0,
  PHONES_WORKER = 8000000,
  PHONES_REGISTRANT = 8500000,
  PHONES_TARGET = 9000000,
} PhoneRange;

typedef enum {
  DOM_RESIDENT, /* 居民小组 */
  DOM_PRIVATE,  /* 非公企业 */
  DOM_SOCIAL,   /* 社会组织 */
  DOM_PARK,     /* 园区 */
  DOM_ORGAN,    /* 机关 */
  DOM_SOE,      /* 国有企业 */
  DOM_SCHOOL,   /* 公办中小学 */
  DOM_HOSPITAL, /* 医院 */
  DOM_TOWER,    /* 楼宇 */
  DOM_COMMUNITY /* 社区 */,
  N_DOMAINS
} Domain;

/* Pingshan's "标准+" covers the first eight. */
#define N_STANDARD_DOMAINS 8

typedef enum {
  KIND_COMMITTEE,  /* 党委 */
  KIND_WORK,       /* 党工委 */
  KIND_GROUP,      /* 党组 */
  KIND_GENERAL,    /* 党总支 */
  KIND_BRANCH,     /* 党支部 */
  KIND_JOINT,      /* 联合党支部 */
  KIND_TEMPORARY,  /* 临时党支部 */
  KIND_FUNCTIONAL, /* 功能型党支部 */
} OrgKind;

typedef enum {
  UNIT_SAME,  /* 与上级党组织相同 */
  UNIT_LEGAL, /* 法人单位 */
  UNIT_JOINT, /* 联合党支部 */
} UnitSituation;

typedef enum {
  LEVEL_CITY,
  LEVEL_DISTRICT,
  LEVEL_STREET,
  LEVEL_COMMUNITY,
  LEVEL_PARK,
  LEVEL_MALL,
  LEVEL_TOWER,
} CenterLevel;

typedef enum {
  PRACTICE_NONE = 0,
  PRACTICE_STANDARDS = 1 << 0,  /* 坪山: 标准+, organizers, startup funds */
  PRACTICE_TOWERS = 1 << 1,     /* 罗湖: party organizations in towers */
  PRACTICE_INCUBATION = 1 << 2, /* 盐田: 双孵化 */
  PRACTICE_VISITS = 1 << 3,     /* 大鹏: 25 teams visit everyone */
  PRACTICE_LEVELS = 1 << 4,     /* 宝安: centers by function on 3 levels */
  PRACTICE_WORKFORCE = 1 << 5,  /* 光明: community workforce */
} Practice;

/* The size and practices of a district at scale 1.0. */
typedef struct {
  const char *code;
  const char *name;
  double      weight;      /* members and organizations, 1.0 = 50,000 / 3,000 */
  guint       communities; /* 社区 */
  guint       parks;       /* 园区 */
  guint       buildings;   /* registered buildings */
  guint       towers;      /* of them: towers of 20+ floors with an organization */
  guint       social_orgs;
  guint       visit_teams;  /* 0: a few per street */
  int         founded_year; /* of the district committee */
  Practice    practices;
} Profile;

typedef struct {
  guint64 s[4];
} Rng;

typedef struct {
  DqStore             *store;
  const DqDemoOptions *options;
  DqDemoStats         *stats;
  const DqTable       *tables[N_TABLES];
  GPtrArray           *batch; /* DqChange */
  guint64              seed;
  guint64              city_seed;
  double               scale;
  int                  today;      /* days since 1970-01-01 */
  int                  year_start; /* 2026-01-01 */
  int                  year_end;   /* 2026-12-31 */
} Gen;

typedef struct {
  const char *name;
  const char *short_name;
  guint32     parent;
  guint32     anchor; /* branch whose members give the secretary */
  guint32     first_member;
  guint32     n_members;
  guint32     secretary; /* member number, or NONE */
  gint32      building;
  gint32      organizer; /* worker number, or -1 */
  int         founded;
  int         elected; /* last election */
  gint16      street;  /* -1: district level */
  gint16      community;
  guint8      kind;
  guint8      domain;
  guint8      unit;
  guint8      n_anchored; /* upper organizations taking a secretary here */
} Org;

typedef struct {
  const char *name; /* 金沙 */
  guint       street;
  guint32     org; /* 社区党委 */
  guint32     org_end;
  guint32     first_member;
  guint32     end_member;
  guint32     center;
} Community;

typedef struct {
  const char *name;
  guint       street;
  guint       budget; /* branch-level organizations in it */
  guint32     org;
} Park;

typedef struct {
  const char *name;
  const char *address;
  guint       street;
  int         floors;
  int         enterprises;
  int         members;
  int         two_new;
  guint       budget; /* towers: branch-level organizations in it */
  guint32     org;
} Building;

typedef struct {
  const char *name;
  guint       street;
  guint8      kind; /* index of social_org_kinds */
  guint32     org;
} SocialOrg;

typedef struct {
  const char *name;
  const char *functions;
  const char *address;
  guint32     parent; /* NONE: the city center */
  guint32     org;
  guint32     first_room;
  guint       n_rooms;
  gint16      street;
  gint16      community;
  guint8      level;
  gboolean    open_24h;
} Center;

typedef struct {
  const char *name;
  guint32     center;
  int         capacity;
} Room;

typedef struct {
  const char *name;
  const char *leader;
  const char *members; /* 、-separated names */
  guint       street;
  guint       community;
} Team;

typedef struct {
  Gen               *gen;
  const Profile     *profile;
  const char        *code;
  const char        *name;     /* 坪山区 */
  char               abbr[16]; /* 坪山 */
  const char *const *streets;
  guint              n_streets;
  guint              slot;
  guint64            seed;
  double             f; /* weight × scale */
  guint64            hlc;

  GStringChunk *strings;
  GHashTable   *used_names;
  GArray       *communities; /* Community */
  GArray       *orgs;        /* Org */
  GArray       *parks;       /* Park */
  GArray       *buildings;   /* Building */
  GArray       *social_orgs; /* SocialOrg */
  GArray       *centers;     /* Center */
  GArray       *rooms;       /* Room */
  GArray       *teams;       /* Team */
  GHashTable   *room_slots;
  GHashTable   *id_numbers;
  guint32      *member_org;
  guint32       n_members;
  guint32       root;
  guint32      *street_org;
  guint32      *street_center;
  guint32       district_center;
  guint32       social_center; /* 盐田's social-organization park, or NONE */
  guint         n_organizers;
  guint32       n_workers;
} District;

typedef struct {
  char     name[32];
  gboolean male;
  gboolean probationary;
  gboolean stopped;
  gboolean lost;
  int      birth;
  Rng      rng; /* goes on with the rest of the member's row */
} Person;

typedef struct {
  const char *s;
  guint       w;
} Weighted;

#define ORG(d, i)       (&g_array_index ((d)->orgs, Org, (i)))
#define COMMUNITY(d, i) (&g_array_index ((d)->communities, Community, (i)))
#define CENTER(d, i)    (&g_array_index ((d)->centers, Center, (i)))
#define PICK(r, a)      ((a)[rng_below ((r), G_N_ELEMENTS (a))])

static const char *const table_names[N_TABLES] = {
  "org", "member", "transfer", "center", "room", "booking", "activity", "registration",
  "visit_team", "visit_target", "visit", "building", "social_org", "worker", "notice", "notice_ack",
  "post", "fund", "standard_check", "meeting", "meeting_attendance", "checkin"
};

/* clang-format off */
static const Profile profiles[] = {
  { "440303", "罗湖区", 0.95, 83, 6, 60, 30, 30, 0, 1983, PRACTICE_TOWERS },
  { "440304", "福田区", 1.25, 92, 8, 40, 12, 40, 0, 1990, PRACTICE_NONE },
  { "440305", "南山区", 1.25, 105, 15, 40, 12, 40, 0, 1990, PRACTICE_NONE },
  { "440306", "宝安区", 1.60, 124, 30, 30, 8, 40, 0, 1993, PRACTICE_LEVELS },
  { "440307", "龙岗区", 1.50, 111, 30, 25, 6, 40, 0, 1993, PRACTICE_NONE },
  { "440308", "盐田区", 0.35, 23, 4, 8, 2, 60, 0, 1998, PRACTICE_INCUBATION },
  { "440309", "龙华区", 1.20, 50, 20, 20, 5, 30, 0, 2017, PRACTICE_NONE },
  { "440310", "坪山区", 0.80, 23, 15, 10, 2, 25, 0, 2017, PRACTICE_STANDARDS },
  { "440311", "光明区", 0.75, 31, 15, 10, 2, 20, 0, 2018, PRACTICE_WORKFORCE },
  { "440399", "大鹏新区", 0.35, 25, 3, 4, 0, 12, 25, 2011, PRACTICE_VISITS },
};
/* clang-format on */

/* A district added to the scopes later. */
static const Profile default_profile = {
  NULL, NULL, 1.0, 0, 10, 20, 4, 30, 0, 2000, PRACTICE_NONE
};

static const char *const domain_codes[N_DOMAINS] = {
  "居民小组", "非公企业", "社会组织", "园区", "机关", "国有企业", "公办中小学", "医院", "楼宇",
  "社区"
};

static const char *const kind_codes[] = {
  "党委", "党工委", "党组", "党总支", "党支部", "联合党支部", "临时党支部", "功能型党支部"
};

static const char *const unit_codes[] = {
  "与上级党组织相同",
  "法人单位",
  "联合党支部",
};

static const char *const level_codes[] = {
  "市", "区", "街道", "社区", "园区", "商圈", "楼宇"
};

/* Shares of branch-level organizations by domain, in per mille. */
static const guint domain_shares[N_DOMAINS] = {
  220, 300, 50, 40, 100, 60, 60, 40, 50, 80
};

/* Surnames by frequency (per 10,000), Guangdong's a little favoured. */
/* clang-format off */
static const Weighted surnames[] = {
  { "王", 680 }, { "李", 680 }, { "张", 620 }, { "陈", 620 }, { "刘", 520 }, { "黄", 380 },
  { "杨", 300 }, { "林", 200 }, { "吴", 200 }, { "赵", 180 }, { "周", 180 }, { "徐", 130 },
  { "孙", 110 }, { "马", 100 }, { "朱", 100 }, { "胡", 100 }, { "郭", 100 }, { "何", 110 },
  { "高", 90 }, { "罗", 110 }, { "郑", 100 }, { "梁", 110 }, { "谢", 80 }, { "宋", 60 },
  { "唐", 60 }, { "许", 60 }, { "韩", 50 }, { "冯", 50 }, { "邓", 60 }, { "曹", 50 }, { "彭", 50 },
  { "曾", 60 }, { "肖", 50 }, { "田", 40 }, { "董", 40 }, { "袁", 40 }, { "潘", 40 }, { "于", 30 },
  { "蒋", 40 }, { "蔡", 50 }, { "余", 40 }, { "杜", 30 }, { "叶", 50 }, { "程", 30 }, { "苏", 30 },
  { "魏", 30 }, { "吕", 30 }, { "丁", 30 }, { "任", 30 }, { "沈", 30 }, { "姚", 30 }, { "卢", 40 },
  { "姜", 20 }, { "崔", 20 }, { "钟", 40 }, { "谭", 30 }, { "陆", 20 }, { "汪", 20 }, { "范", 20 },
  { "金", 20 }, { "石", 20 }, { "廖", 30 }, { "贾", 20 }, { "夏", 20 }, { "韦", 20 }, { "付", 20 },
  { "方", 20 }, { "白", 20 }, { "邹", 20 }, { "孟", 20 }, { "熊", 20 }, { "秦", 20 }, { "邱", 20 },
  { "江", 20 }, { "尹", 20 }, { "薛", 10 }, { "段", 10 }, { "雷", 10 }, { "侯", 10 }, { "龙", 10 },
  { "史", 10 }, { "陶", 10 }, { "黎", 20 }, { "贺", 10 }, { "顾", 10 }, { "毛", 10 }, { "龚", 10 },
  { "邵", 10 }, { "万", 10 }, { "严", 10 }, { "覃", 10 }, { "戴", 10 }, { "莫", 10 }, { "孔", 10 },
  { "汤", 10 }, { "欧阳", 8 }, { "司徒", 4 }, { "司马", 2 }, { "上官", 1 }, { "诸葛", 1 },
};
/* clang-format on */

static const char *const male_chars[] = {
  "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞",
  "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆", "旭", "宁", "龙", "林", "阳", "建", "志", "文",
  "海", "峰", "东", "晨", "成", "博", "睿", "轩", "泽", "昊", "嘉", "天", "振", "永", "德", "新",
  "家", "立", "荣", "春", "庆", "毅", "彬", "翔", "锋", "亮", "坤", "智", "铭", "哲", "豪", "诚",
  "航", "子", "思", "兴", "达", "安", "群", "岩", "松", "奕", "越", "远", "瑞", "晖", "卓", "骏"
};

static const char *const female_chars[] = {
  "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "玲", "英", "梅", "琳", "雪", "慧", "颖",
  "婷", "倩", "洁", "欣", "佳", "怡", "悦", "萍", "红", "燕", "玉", "兰", "琴", "云", "莉", "晶",
  "璐", "丹", "雯", "蕾", "妍", "诗", "梦", "雨", "涵", "晓", "思", "可", "心", "瑶", "琪", "萱",
  "彤", "馨", "薇", "媛", "淑", "月", "美", "茜", "蓉", "菲", "露", "曼", "岚", "婉", "清", "宁"
};

/* Given names of people born before the mid-1960s. */
static const char *const older_male_chars[] = {
  "国", "建", "卫", "军", "华", "德", "福", "顺", "永", "学", "明", "忠", "文", "振", "庆", "志",
  "荣", "金", "宝", "春", "生", "民", "林", "新"
};

static const char *const older_female_chars[] = {
  "秀", "英", "兰", "桂", "淑", "凤", "珍", "华", "玉", "梅", "芳", "琴", "素", "云", "翠", "红",
  "霞", "莲", "惠", "萍"
};

/* Syllables of made-up place and brand names. */
static const char *const place_first[] = {
  "金", "银", "龙", "凤", "沙", "石", "竹", "松", "梅", "桃", "荔", "榕", "新", "和", "安", "福",
  "宝", "华", "明", "光", "东", "南", "西", "北", "上", "大", "清", "碧", "翠", "锦", "兴", "盛",
  "富", "康", "乐", "怡", "祥", "瑞", "鹏", "湖", "海", "山", "岭", "田", "塘", "湾", "围", "岗",
  "横", "丰", "长", "白", "黄", "青", "红", "樟"
};

static const char *const place_second[] = {
  "沙", "田", "湖", "岭", "坑", "塘", "湾", "围", "坪", "岗", "园", "苑", "村", "洲", "山", "林",
  "桥", "门", "头", "新", "丰", "和", "安", "源", "埔", "背", "浦", "岸", "溪", "坳", "竹", "峰",
  "泉", "庄", "美", "华", "兴", "盛"
};

static const char *const brand_chars[] = {
  "华", "鑫", "瑞", "博", "创", "智", "联", "达", "信", "诚", "汇", "通", "宏", "盛", "源", "泰",
  "恒", "康", "卓", "越", "迅", "捷", "天", "宇", "星", "辰", "晨", "光", "海", "峰", "锐", "腾",
  "飞", "嘉", "德", "润", "丰", "铭", "科", "讯", "昊", "致", "远", "拓", "维", "凯", "元", "启",
  "航", "佳", "安", "和", "朗", "思", "益", "众"
};

static const char *const industries[] = {
  "科技", "电子", "智能制造", "信息技术", "新能源", "生物医药", "精密机械", "供应链管理", "物流",
  "建筑工程", "环保科技", "光电", "半导体", "文化传媒", "餐饮管理", "物业管理", "网络科技",
  "新材料", "医疗器械", "电子商务", "自动化设备", "检测技术", "实业", "软件"
};

static const char *const park_kinds[] = {
  "产业园", "科技园", "智造园", "创新园", "工业园", "生物医药产业园", "新能源产业园", "文化创意园"
};

static const char *const building_kinds[] = {
  "大厦", "国际中心", "广场", "金融中心", "商务大厦", "中心", "国际大厦", "商业中心"
};

static const char *const bureaus[] = {
  "区委办公室", "区政府办公室", "区纪委监委机关", "区委组织部", "区委宣传部", "区委统战部",
  "区委政法委", "区委社会工作部", "区发展和改革局", "区教育局", "区科技创新局", "区工业和信息化局",
  "区民政局", "区司法局", "区财政局", "区人力资源局", "区住房和建设局", "区交通运输局", "区水务局",
  "区商务局", "区文化广电旅游体育局", "区卫生健康局", "区退役军人事务局", "区应急管理局",
  "区审计局", "区统计局", "区医疗保障局", "区城市管理和综合执法局", "区政务服务和数据管理局",
  "区信访局", "区国有资产监督管理局", "区投资推广和企业服务中心", "区总工会", "区团委", "区妇联",
  "区科协", "区工商联", "区残联", "区人大常委会办公室", "区政协办公室", "区档案馆",
  "区机关事务管理局"
};

static const char *const street_units[] = {
  "综合行政执法队", "党群服务中心", "离退休干部", "公共服务办公室", "城市建设办公室",
  "应急管理办公室", "社区工作者"
};

static const char *const community_units[] = {
  "退休党员党支部", "股份合作公司党支部", "老党员党支部", "物业小区党支部"
};

static const char *const school_kinds[] = {
  "小学", "中学", "实验学校", "外国语学校", "九年一贯制学校", "高级中学", "第二小学", "初级中学"
};

static const char *const hospitals[] = {
  "人民医院", "中医院", "妇幼保健院", "第二人民医院", "中心医院", "疾病预防控制中心",
  "慢性病防治院", "骨科医院"
};

static const char *const departments[] = {
  "内科党支部", "外科党支部", "门诊党支部", "急诊党支部", "医技党支部", "护理党支部",
  "行政后勤党支部", "儿科党支部", "妇产科党支部", "药学党支部", "离退休党支部"
};

static const char *const soe_kinds[] = {
  "投资控股", "城市建设投资", "城市更新", "水务", "产业投资", "建设工程", "国有资产经营",
  "公共交通"
};

static const char *const social_kinds_names[] = {
  "志愿者协会", "社会工作服务中心", "公益基金会", "社区发展促进会", "青少年服务中心",
  "长者服务中心", "文化艺术协会", "体育协会", "慈善会", "商会", "家庭服务中心", "心理咨询协会"
};

/* social_org_kind of each of social_kinds_names: 0 社会团体, 1 民办非企业单位, 2 基金会 */
static const guint8 social_kinds_of[] = {
  0, 1, 2, 0, 1, 1, 0, 0, 0, 0, 1, 0
};

static const char *const social_org_kinds[] = { "社会团体", "民办非企业单位", "基金会" };

static const char *const all_functions[] = {
  "党建", "政务", "企业", "人力", "科创", "工人", "青少年", "妇女", "法律援助", "社会救助"
};

static const char *const function_services[] = {
  "党员教育、组织关系转接、党费收缴", "社保医保、居住证办理、民政业务",
  "政策咨询、融资对接、注册登记指导", "招聘对接、职业培训、劳动维权",
  "孵化空间、知识产权、科技项目申报", "职工之家、技能培训、法律咨询",
  "四点半课堂、暑期托管、心理辅导", "妇女儿童权益保护、家庭教育、婚姻家庭辅导",
  "法律咨询、法律援助申请、人民调解", "低保申请、临时救助、残疾人服务"
};

static const char *const room_names[] = {
  "多功能厅", "党员活动室", "会议室", "阅览室", "书画室", "党史教育展厅", "志愿者之家",
  "心理咨询室", "四点半课堂", "培训教室", "长者活动室", "亲子活动室"
};

/* what each of room_names has */
static const char *const room_facilities[] = {
  "投影仪、音响、话筒、舞台灯光、空调", "电子屏、音响、无线网络、党建书籍",
  "会议桌椅、投影仪、白板、视频会议终端", "书架、阅读桌椅、电子阅读机", "书画桌、文房用品、展示墙",
  "展板、触摸屏、讲解器", "储物柜、饮水机、急救箱、志愿服务登记台", "沙盘、放松椅、隔音门",
  "课桌椅、图书角、饮水机", "课桌椅、投影仪、音响、无线网络", "棋牌桌、电视、按摩椅、饮水机",
  "软垫、玩具柜、绘本、洗手台"
};

static const char *const activity_kinds[] = {
  "志愿服务", "主题党日", "三会一课", "党课", "培训", "讲座", "文体", "其他"
};

static const guint activity_kind_weights[] = { 30, 20, 10, 10, 10, 10, 7, 3 };

static const char *const volunteer_themes[] = {
  "清洁家园", "关爱长者", "文明交通劝导", "垃圾分类宣传", "义诊进社区", "助学帮扶", "绿色环保",
  "反诈宣传", "便民理发", "家电义修", "植树护绿", "困难群众走访"
};

static const char *const study_topics[] = {
  "党章党规学习", "党的光辉历程", "基层治理创新", "全心全意为人民服务", "廉洁自律教育",
  "红色家风传承", "先锋模范作用", "调查研究方法", "群众工作方法", "法治建设"
};

static const char *const training_topics[] = {
  "党务工作者业务", "发展党员工作规范", "党费收缴管理", "智慧党建平台操作", "社区工作者能力提升",
  "网格员实务", "应急救护", "消防安全", "数据安全与个人信息保护", "心理健康"
};

static const char *const lecture_topics[] = {
  "健康养生", "家庭教育", "防范电信诈骗", "法律知识", "垃圾分类", "青少年心理", "金融知识",
  "深圳改革开放史", "科学育儿", "老年人智能手机使用"
};

static const char *const sports_events[] = {
  "社区趣味运动会", "红歌合唱比赛", "书画展", "党史知识竞赛", "广场舞展演", "篮球友谊赛",
  "读书分享会", "亲子游园会", "羽毛球比赛", "迎新春文艺汇演"
};

static const char *const provinces[] = {
  "湖南省长沙市", "湖南省衡阳市", "江西省赣州市", "广西壮族自治区桂林市", "湖北省武汉市",
  "四川省成都市", "河南省信阳市", "广东省东莞市", "广东省惠州市", "广东省梅州市", "广东省汕头市",
  "福建省厦门市", "江苏省南京市", "浙江省杭州市", "北京市", "上海市"
};

static const char *const shops[] = {
  "便利店", "五金店", "理发店", "水果店", "快餐店", "茶餐厅", "药店", "洗衣店", "手机维修店",
  "早餐店", "文具店", "海鲜档", "凉茶铺", "汽修店", "花店"
};

static const char *const resident_units[] = {
  "社区健康服务中心", "幼儿园", "物业管理处", "小学", "酒店", "派出所警务室", "社区股份合作公司",
  "银行网点", "邮政所", "养老院"
};

static const char *const findings[] = {
  "家中老人独居，行动不便，需要定期探访。", "住户反映楼道照明损坏，夜间出行不便。",
  "商户反映门前道路积水，影响经营。", "了解到家庭有在读学生，经济较为困难。",
  "群众对社区环境整治工作表示满意。", "反映小区停车位紧张，车辆乱停乱放。",
  "商户消防器材过期，已现场提醒更换。", "反映附近施工噪音较大，影响休息。",
  "住户对垃圾分类投放点设置提出意见。", "了解到有退役军人需要就业帮扶。",
  "单位希望加强与社区党组织共建。", "住户家中燃气管道老化，存在安全隐患。"
};

static const char *const requests[] = {
  "希望尽快维修楼道照明。", "希望增设电动自行车充电设施。", "希望协调解决停车难问题。",
  "希望提供长者助餐服务。", "希望开展就业技能培训。", "希望清理周边卫生死角。",
  "希望协助申请临时救助。", "希望增加社区文体活动。", "希望规范夜间施工时间。",
  "希望协助办理居住证。"
};

static const char *const follow_ups[] = {
  "已转交社区工作站跟进，两周内答复。", "已联系物业公司处理。", "已上报街道相关部门协调解决。",
  "已纳入社区民生微实事项目。", "已安排网格员定期回访。", "已协调志愿者提供帮扶。"
};

static const char *const worker_trainings[] = {
  "2026年社区工作者能力提升培训（40学时）", "社区党建实务培训", "网格化管理业务培训",
  "基层治理专题研修班", "社会工作者职业资格培训", "应急处置与群众工作培训"
};

static const char *const post_topics[] = {
  "开展主题党日活动", "组织党员志愿服务", "召开支部党员大会", "走访慰问困难党员",
  "开展集中理论学习", "参观党史教育基地", "开展党员先锋岗评选", "召开组织生活会",
  "开展“我为群众办实事”活动", "组织新党员入党宣誓"
};

static const char *const meeting_kinds[] = {
  "支部党员大会", "支部委员会", "党小组会", "党课", "主题党日"
};

static const char *const city_notices[] = {
  "关于开展2026年度党员组织关系集中排查工作的通知", "关于做好2026年“七一”走访慰问工作的通知",
  "关于开展党群服务中心服务质量提升行动的通知", "关于做好2026年党费收缴使用管理工作的通知",
  "关于开展基层党组织按期换届督促检查的通知", "关于推进党员志愿服务常态化的通知",
  "关于做好2026年发展党员工作的通知", "关于开展智慧党建平台数据质量核查的通知"
};

/* Pingshan's standards: items per domain, then items for every domain. */
/* clang-format off */
static const char *const standard_items[N_STANDARD_DOMAINS][4] = {
  { "党小组设置规范", "每月开展主题党日", "党员联系户制度落实", "居民小组重大事项党支部把关" },
  { "党组织书记由管理层党员担任", "党建工作纳入企业章程", "活动场地不少于30平方米", "设置党员示范岗" },
  { "党建工作写入章程", "业务活动与党建活动同步开展", "党组织参与重大事项决策", "党员年度评议" },
  { "园区党群服务中心正常运转", "入园企业党组织覆盖", "园区党建联席会议制度", "园区党员台账完整" },
  { "“三会一课”记录完整", "党员学习教育常态化", "机关作风建设", "党员干部下沉社区" },
  { "党建工作写入公司章程", "党委前置研究重大经营事项", "“双向进入、交叉任职”落实", "党风廉政建设" },
  { "党组织领导的校长负责制", "师德师风建设", "党员教师示范课", "思政课建设" },
  { "党委领导下的院长负责制", "医德医风建设", "支部书记由科室负责人担任", "党员医务人员义诊" },
};
/* clang-format on */

static const char *const common_items[] = {
  "按期换届", "党费按时足额收缴", "组织生活会按时召开", "发展党员程序规范"
};

/* Numbers */

static guint64
mix64 (guint64 z)
{
  z += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

/* xoshiro256**, seeded through splitmix64. */
static void
rng_init (Rng    *r,
          guint64 seed)
{
  for (guint i = 0; i < 4; i++)
    {
      seed += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
      r->s[i] = mix64 (seed);
    }
}

static guint64
rng_u64 (Rng *r)
{
  guint64 result = rotl (r->s[1] * 5, 7) * 9;
  guint64 t = r->s[1] << 17;

  r->s[2] ^= r->s[0];
  r->s[3] ^= r->s[1];
  r->s[1] ^= r->s[2];
  r->s[0] ^= r->s[3];
  r->s[2] ^= t;
  r->s[3] = rotl (r->s[3], 45);
  return result;
}

/* 0 .. n-1 */
static guint
rng_below (Rng  *r,
           guint n)
{
  if (n == 0)
    return 0;
  return (guint) (((rng_u64 (r) >> 32) * n) >> 32);
}

/* lo .. hi, both included */
static int
rng_range (Rng *r,
           int  lo,
           int  hi)
{
  if (hi <= lo)
    return lo;
  return lo + (int) rng_below (r, (guint) (hi - lo + 1));
}

static gboolean
rng_chance (Rng  *r,
            guint per_mille)
{
  return rng_below (r, 1000) < per_mille;
}

static double
rng_unit (Rng *r)
{
  return (double) (rng_u64 (r) >> 11) / 9007199254740992.0;
}

static const char *
rng_weighted (Rng            *r,
              const Weighted *items,
              guint           n)
{
  guint total = 0;
  guint x;

  for (guint i = 0; i < n; i++)
    total += items[i].w;
  x = rng_below (r, total);
  for (guint i = 0; i < n; i++)
    {
      if (x < items[i].w)
        return items[i].s;
      x -= items[i].w;
    }
  return items[n - 1].s;
}

static guint
rng_weighted_index (Rng         *r,
                    const guint *weights,
                    guint        n)
{
  guint total = 0;
  guint x;

  for (guint i = 0; i < n; i++)
    total += weights[i];
  x = rng_below (r, total);
  for (guint i = 0; i < n; i++)
    {
      if (x < weights[i])
        return i;
      x -= weights[i];
    }
  return n - 1;
}

static guint
scaled (double x,
        guint  at_least)
{
  guint n = (guint) (x + 0.5);

  return MAX (n, at_least);
}

/* The @i-th of @n shares of @total, as even as whole numbers allow. */
static guint
share (guint total,
       guint n,
       guint i)
{
  if (n == 0)
    return 0;
  return total / n + (i < total % n ? 1 : 0);
}

/* Dates: days since 1970-01-01 (H. Hinnant's civil calendar algorithms). */

static int
days_from_civil (int y,
                 int m,
                 int d)
{
  int      era;
  unsigned yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (unsigned) (y - era * 400);
  doy = (unsigned) ((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int) doe - 719468;
}

static void
civil_from_days (int  z,
                 int *y,
                 int *m,
                 int *d)
{
  int      era;
  unsigned doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (unsigned) (z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int) (doy - (153 * mp + 2) / 5 + 1);
  *m = (int) (mp < 10 ? mp + 3 : mp - 9);
  *y = (int) yoe + era * 400 + (*m <= 2);
}

static int
year_of (int days)
{
  int y, m, d;

  civil_from_days (days, &y, &m, &d);
  return y;
}

/* The same day @n years later (28 February for 29 February). */
static int
add_years (int days,
           int n)
{
  int y, m, d;

  civil_from_days (days, &y, &m, &d);
  if (m == 2 && d == 29)
    d = 28;
  return days_from_civil (y + n, m, d);
}

static int
add_months (int days,
            int n)
{
  int y, m, d, months;

  civil_from_days (days, &y, &m, &d);
  months = y * 12 + (m - 1) + n;
  return days_from_civil (months / 12, months % 12 + 1, MIN (d, 28));
}

static int
random_day (Rng *r,
            int  from,
            int  to)
{
  return rng_range (r, from, to);
}

static void
format_date (int  days,
             char out[11])
{
  int y, m, d;

  civil_from_days (days, &y, &m, &d);
  g_snprintf (out, 11, "%04d-%02d-%02d", y, m, d);
}

static void
format_month (int  days,
              char out[8])
{
  int y, m, d;

  civil_from_days (days, &y, &m, &d);
  g_snprintf (out, 8, "%04d-%02d", y, m);
}

/* Shenzhen time, @minute minutes after midnight of @days. */
static void
format_time (int  days,
             int  minute,
             char out[26])
{
  int y, m, d;

  days += minute / 1440;
  minute %= 1440;
  civil_from_days (days, &y, &m, &d);
  g_snprintf (out, 26, "%04d-%02d-%02dT%02d:%02d:00+08:00", y, m, d, minute / 60, minute % 60);
}

/* Chinese numerals 1..99 for ordinal names (第一, 第十二). */
static void
chinese_number (guint n,
                char  out[16])
{
  static const char *const digits[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
  guint                    tens = (n / 10) % 10;
  guint                    ones = n % 10;

  if (n >= 100)
    g_snprintf (out, 16, "%u", n);
  else if (n < 10)
    g_snprintf (out, 16, "%s", digits[n]);
  else if (tens == 1)
    g_snprintf (out, 16, "十%s", ones ? digits[ones] : "");
  else
    g_snprintf (out, 16, "%s十%s", digits[tens], ones ? digits[ones] : "");
}

/* Ids, stamps and batches */

static void
hex (guint64 value,
     guint   digits,
     char   *out)
{
  static const char xdigits[] = "0123456789abcdef";

  for (guint i = 0; i < digits; i++)
    out[i] = xdigits[(value >> (4 * (digits - 1 - i))) & 0xf];
}

static void
make_id (guint64 seed,
         guint   slot,
         TableId table,
         guint64 n,
         char    out[37])
{
  guint64 ms = BASE_MS + slot * SLOT_MS + (guint64) table * TABLE_MS + n;
  guint64 a = mix64 (seed ^ mix64 (((guint64) table << 48) ^ n ^ G_GUINT64_CONSTANT (0x243f6a8885a308d3)));
  guint64 b = mix64 (a ^ G_GUINT64_CONSTANT (0x13198a2e03707344));
  guint64 hi = (ms << 16) | 0x7000 | (a & 0xfff);
  guint64 lo = (b & G_GUINT64_CONSTANT (0x3fffffffffffffff)) | G_GUINT64_CONSTANT (0x8000000000000000);

  hex (hi >> 32, 8, out);
  out[8] = '-';
  hex (hi >> 16, 4, out + 9);
  out[13] = '-';
  hex (hi, 4, out + 14);
  out[18] = '-';
  hex (lo >> 48, 4, out + 19);
  out[23] = '-';
  hex (lo, 12, out + 24);
  out[36] = '\0';
}

static void
row_id (const District *d,
        TableId         table,
        guint64         n,
        char            out[37])
{
  make_id (d->seed, d->slot, table, n, out);
}

static void
rng_for (const District *d,
         Stream          stream,
         guint64         n,
         Rng            *r)
{
  rng_init (r, d->seed ^ mix64 (((guint64) stream << 40) + n));
}

static gboolean
flush (Gen     *g,
       GError **error)
{
  g_autofree DqApplyResult *results = NULL;
  gboolean                  ok = TRUE;

  if (g->batch->len == 0)
    return TRUE;

  /* Demo rows stand for what the city already holds, not for this desk's
   * edits: marked as from upstream, a desk never pushes them. */
  results = g_new0 (DqApplyResult, g->batch->len);
  if (!dq_store_apply (g->store, (DqChange **) g->batch->pdata, g->batch->len,
                       DQ_APPLY_FLAGS_UPSTREAM, results, error))
    ok = FALSE;

  for (guint i = 0; i < g->batch->len; i++)
    {
      DqChange *change = g_ptr_array_index (g->batch, i);

      if (ok && results[i].status == DQ_APPLY_REJECTED)
        {
          g_set_error (error, DQ_SCHEMA_ERROR,
                       results[i].error >= 0 ? results[i].error : DQ_SCHEMA_ERROR_BAD_VALUE,
                       _ ("The demo data was refused: %s %s: %s"),
                       change->record->table->name, change->record->id,
                       results[i].message ? results[i].message : "");
          ok = FALSE;
        }
      dq_apply_result_clear (&results[i]);
    }

  g_ptr_array_set_size (g->batch, 0);
  return ok;
}

/* A whole row: every column null until set, the district set, not deleted. */
static DqRecord *
row_new (District *d,
         TableId   table,
         guint64   n)
{
  char      id[37];
  DqRecord *r;

  row_id (d, table, n, id);
  r = dq_record_new (d->gen->tables[table], id);
  for (guint i = 0; i < r->table->n_columns; i++)
    r->values[i].kind = DQ_VALUE_NULL;
  dq_record_set_text (r, "district", d->code);
  dq_record_set_int (r, "deleted", 0);
  return r;
}

static void
put_text (DqRecord   *r,
          const char *column,
          const char *text)
{
  if (G_UNLIKELY (!dq_record_set_text (r, column, text)))
    g_critical ("No column %s.%s", r->table->name, column);
}

static void
put_int (DqRecord   *r,
         const char *column,
         gint64      value)
{
  if (G_UNLIKELY (!dq_record_set_int (r, column, value)))
    g_critical ("No column %s.%s", r->table->name, column);
}

/* Leaves the column null for NO_DAY. */
static void
put_date (DqRecord   *r,
          const char *column,
          int         days)
{
  char buf[11];

  if (days == NO_DAY)
    return;
  format_date (days, buf);
  put_text (r, column, buf);
}

static void
put_time (DqRecord   *r,
          const char *column,
          int         days,
          int         minute)
{
  char buf[26];

  format_time (days, minute, buf);
  put_text (r, column, buf);
}

static void
put_ref (DqRecord       *r,
         const char     *column,
         const District *d,
         TableId         table,
         guint32         n)
{
  char id[37];

  if (n == NONE)
    return;
  row_id (d, table, n, id);
  put_text (r, column, id);
}

static void
report (Gen    *g,
        TableId table)
{
  const DqTable *t = g->tables[table];

  if (g->options->progress != NULL)
    g->options->progress (t->name, g->stats->rows[t->index], g->options->progress_data);
}

static gboolean
emit (District *d,
      DqRecord *r,
      GError  **error)
{
  Gen  *g = d->gen;
  guint index = r->table->index;

  g_ptr_array_add (g->batch, dq_change_new (r, d->hlc++, DQ_DEMO_NODE));
  g->stats->rows[index]++;
  g->stats->total++;
  if (g->options->progress != NULL && g->stats->rows[index] % PROGRESS_EVERY == 0)
    g->options->progress (r->table->name, g->stats->rows[index], g->options->progress_data);
  if (g->batch->len >= BATCH_SIZE)
    return flush (g, error);
  return TRUE;
}

/* Names, phones, addresses */

static const char *
intern (District   *d,
        const char *text)
{
  return g_string_chunk_insert_const (d->strings, text);
}

/* A name nobody else in the district has, from @make; NULL after many tries. */
static const char *
unique_name (District *d,
             Rng      *r,
             void (*make) (District *, Rng *, GString *))
{
  g_autoptr (GString) s = g_string_new (NULL);

  for (guint attempt = 0; attempt < 200; attempt++)
    {
      g_string_truncate (s, 0);
      make (d, r, s);
      if (attempt >= 100)
        g_string_append_printf (s, "%u", attempt - 99);
      if (!g_hash_table_contains (d->used_names, s->str))
        {
          const char *name = intern (d, s->str);

          g_hash_table_add (d->used_names, (gpointer) name);
          return name;
        }
    }
  g_assert_not_reached ();
  return NULL;
}

static void
make_place (District *d,
            Rng      *r,
            GString  *s)
{
  const char *a = PICK (r, place_first);
  const char *b = PICK (r, place_second);

  if (strcmp (a, b) == 0)
    b = strcmp (a, "田") == 0 ? "岭" : "田";
  g_string_append_printf (s, "%s%s", a, b);
}

static void
make_brand (District *d,
            Rng      *r,
            GString  *s)
{
  const char *a = PICK (r, brand_chars);
  const char *b = PICK (r, brand_chars);

  while (strcmp (a, b) == 0)
    b = PICK (r, brand_chars);
  g_string_append_printf (s, "%s%s", a, b);
  if (rng_chance (r, 300))
    g_string_append (s, PICK (r, brand_chars));
}

static void
make_company (District *d,
              Rng      *r,
              GString  *s)
{
  g_string_append (s, "深圳市");
  make_brand (d, r, s);
  g_string_append_printf (s, "%s有限公司", PICK (r, industries));
}

static void
make_building (District *d,
               Rng      *r,
               GString  *s)
{
  make_brand (d, r, s);
  g_string_append (s, PICK (r, building_kinds));
}

static void
make_park (District *d,
           Rng      *r,
           GString  *s)
{
  make_brand (d, r, s);
  g_string_append (s, PICK (r, park_kinds));
}

static void
make_social (District *d,
             Rng      *r,
             GString  *s)
{
  g_string_append_printf (s, "深圳市%s", d->name);
  make_brand (d, r, s);
  g_string_append (s, PICK (r, social_kinds_names));
}

static void
make_school (District *d,
             Rng      *r,
             GString  *s)
{
  g_string_append_printf (s, "深圳市%s", d->name);
  make_place (d, r, s);
  g_string_append (s, PICK (r, school_kinds));
}

static void
make_soe (District *d,
          Rng      *r,
          GString  *s)
{
  g_string_append_printf (s, "深圳市%s", d->name);
  make_brand (d, r, s);
  g_string_append_printf (s, "%s有限公司", PICK (r, soe_kinds));
}

static void
make_mall (District *d,
           Rng      *r,
           GString  *s)
{
  make_brand (d, r, s);
  g_string_append (s, "商圈");
}

static void
make_estate (District *d,
             Rng      *r,
             GString  *s)
{
  make_brand (d, r, s);
  g_string_append (s, rng_chance (r, 500) ? "花园" : "家园");
}

/* A person's name: surname, then one or two given-name characters. */
static void
draw_name (Rng     *r,
           gboolean male,
           int      birth_year,
           char     out[32])
{
  const char        *surname = rng_weighted (r, surnames, G_N_ELEMENTS (surnames));
  gboolean           older = birth_year < 1966 && rng_chance (r, 700);
  const char *const *chars;
  guint              n_chars;
  const char        *a, *b;

  if (male)
    {
      chars = older ? older_male_chars : male_chars;
      n_chars = older ? G_N_ELEMENTS (older_male_chars) : G_N_ELEMENTS (male_chars);
    }
  else
    {
      chars = older ? older_female_chars : female_chars;
      n_chars = older ? G_N_ELEMENTS (older_female_chars) : G_N_ELEMENTS (female_chars);
    }

  a = chars[rng_below (r, n_chars)];
  if (rng_chance (r, 250))
    {
      g_snprintf (out, 32, "%s%s", surname, a);
      return;
    }
  do
    b = chars[rng_below (r, n_chars)];
  while (strcmp (a, b) == 0);
  g_snprintf (out, 32, "%s%s%s", surname, a, b);
}

/* Someone who is not (necessarily) a member: a worker, a walk-in. */
static void
other_person (const District *d,
              Stream          stream,
              guint64         n,
              char            out[32])
{
  Rng      r;
  gboolean male;

  rng_for (d, S_PERSON, ((guint64) stream << 32) + n, &r);
  male = rng_chance (&r, 520);
  draw_name (&r, male, rng_range (&r, 1950, 2004), out);
}

static void
mobile (const District *d,
        PhoneRange      range,
        guint32         n,
        char            out[12])
{
  /* 7654321 is prime to 10^7: an affine map is a permutation. */
  guint64 x = ((guint64) range + n) % 10000000;
  guint64 p = (x * 7654321 + d->seed % 10000000) % 10000000;

  g_snprintf (out, 12, "19%02u%07u", d->slot % 100, (guint) p);
}

static void
landline (Rng *r,
          char out[14])
{
  g_snprintf (out, 14, "0755-%d%07d", rng_range (r, 2, 8), rng_range (r, 0, 9999999));
}

static const char *
street_name (const District *d,
             int             street)
{
  return street >= 0 ? d->streets[street] : NULL;
}

/* A made-up address that reads as demo data. */
static void
demo_address (const District *d,
              Rng            *r,
              int             street,
              const char     *community,
              gboolean        home,
              char            out[160])
{
  const char *road = rng_chance (r, 500) ? "示例路" : "演示街";
  int         number = rng_range (r, 1, 199);

  if (street < 0)
    {
      g_snprintf (out, 160, "%s示例大道%d号", d->name, number);
      return;
    }
  if (home)
    {
      int block = rng_range (r, 1, 12);
      int floor = rng_range (r, 1, 32);
      int door = rng_range (r, 1, 8);

      g_snprintf (out, 160, "%s%s街道%s%s%s%d号%d栋%d%02d", d->name, d->streets[street],
                  community ? community : "", community ? "社区" : "", road, number, block, floor, door);
    }
  else
    g_snprintf (out, 160, "%s%s街道%s%s%s%d号", d->name, d->streets[street],
                community ? community : "", community ? "社区" : "", road, number);
}

/* The desk (replica node) of a check-in desk at a center. */
static void
desk_node (const District *d,
           guint32         center,
           guint           desk,
           char            out[33])
{
  guint64 a = mix64 (d->seed ^ ((guint64) S_DESK << 40) ^ ((guint64) center << 8) ^ desk);
  guint64 b = mix64 (a);

  hex (a, 16, out);
  hex (b, 16, out + 16);
  out[32] = '\0';
}

/* The plan: communities */

static void
plan_communities (District *d)
{
  Rng   r;
  guint n = scaled (d->profile->communities * d->gen->scale, d->n_streets);

  if (d->profile->communities == 0)
    n = scaled (8.0 * d->n_streets * d->gen->scale, d->n_streets);
  n = MAX (n, d->n_streets);

  rng_for (d, S_NAMES, 0, &r);
  for (guint s = 0; s < d->n_streets; s++)
    g_hash_table_add (d->used_names, (gpointer) d->streets[s]);

  for (guint s = 0; s < d->n_streets; s++)
    for (guint i = 0; i < share (n, d->n_streets, s); i++)
      {
        Community c = { 0 };

        c.name = unique_name (d, &r, make_place);
        c.street = s;
        c.org = c.org_end = NONE;
        c.center = NONE;
        g_array_append_val (d->communities, c);
      }
}

static void
plan_places (District *d)
{
  Rng    r;
  guint  n_parks = scaled (d->profile->parks * d->gen->scale, 1);
  guint  n_buildings = scaled (d->profile->buildings * d->gen->scale, 1);
  guint  n_towers = d->profile->towers ? scaled (d->profile->towers * d->gen->scale, 1) : 0;
  guint  n_social;
  double social_budget = 2550.0 * d->f * domain_shares[DOM_SOCIAL] / 1000.0;

  rng_for (d, S_NAMES, 1, &r);
  for (guint i = 0; i < n_parks; i++)
    {
      Park p = { 0 };

      p.name = unique_name (d, &r, make_park);
      p.street = rng_below (&r, d->n_streets);
      p.org = NONE;
      g_array_append_val (d->parks, p);
    }

  n_towers = MIN (n_towers, n_buildings);
  for (guint i = 0; i < n_buildings; i++)
    {
      Building b = { 0 };
      char     address[160];

      b.name = unique_name (d, &r, make_building);
      b.street = rng_below (&r, d->n_streets);
      demo_address (d, &r, (int) b.street, NULL, FALSE, address);
      b.address = intern (d, address);
      b.org = NONE;
      if (i < n_towers)
        {
          /* The towers: 20+ floors, each with its party organization. */
          b.floors = rng_range (&r, 20, 68);
          b.enterprises = rng_range (&r, 40, 180);
          b.members = rng_range (&r, 30, 140);
          b.org = 0; /* set when the tree is planned */
        }
      else
        {
          b.floors = rng_range (&r, 6, 19);
          b.enterprises = rng_range (&r, 5, 60);
          b.members = rng_range (&r, 3, 40);
          if (rng_chance (&r, 300))
            b.org = 0;
        }
      b.two_new = b.members * rng_range (&r, 80, 95) / 100;
      g_array_append_val (d->buildings, b);
    }

  /* 罗湖: the 30 towers cover 3,290 enterprises and 2,524 members. */
  if ((d->profile->practices & PRACTICE_TOWERS) && n_towers == d->profile->towers)
    {
      int enterprises = 0, members = 0;

      for (guint i = 0; i < n_towers; i++)
        {
          enterprises += g_array_index (d->buildings, Building, i).enterprises;
          members += g_array_index (d->buildings, Building, i).members;
        }
      for (guint i = 0; i < n_towers; i++)
        {
          Building *b = &g_array_index (d->buildings, Building, i);

          b->enterprises = b->enterprises * 3290 / enterprises;
          b->members = b->members * 2524 / members;
        }
      enterprises = members = 0;
      for (guint i = 0; i < n_towers; i++)
        {
          enterprises += g_array_index (d->buildings, Building, i).enterprises;
          members += g_array_index (d->buildings, Building, i).members;
        }
      g_array_index (d->buildings, Building, 0).enterprises += 3290 - enterprises;
      g_array_index (d->buildings, Building, 0).members += 2524 - members;
      for (guint i = 0; i < n_towers; i++)
        {
          Building *b = &g_array_index (d->buildings, Building, i);

          b->two_new = b->members * rng_range (&r, 80, 95) / 100;
        }
    }

  n_social = scaled (MAX (d->profile->social_orgs * d->gen->scale, social_budget * 1.2), 1);
  for (guint i = 0; i < n_social; i++)
    {
      SocialOrg s = { 0 };
      guint     kind;

      s.name = unique_name (d, &r, make_social);
      /* the kind follows the last word of the name */
      for (kind = 0; kind < G_N_ELEMENTS (social_kinds_names); kind++)
        if (g_str_has_suffix (s.name, social_kinds_names[kind]))
          break;
      s.kind = social_kinds_of[MIN (kind, G_N_ELEMENTS (social_kinds_names) - 1)];
      s.street = rng_below (&r, d->n_streets);
      s.org = NONE;
      g_array_append_val (d->social_orgs, s);
    }
}

/* The plan: the organization tree */

static guint32
add_org (District   *d,
         Rng        *r,
         guint32     parent,
         OrgKind     kind,
         Domain      domain,
         int         street,
         int         community,
         const char *name,
         const char *short_name)
{
  Org o = { 0 };
  int earliest;

  o.name = intern (d, name);
  o.short_name = short_name ? intern (d, short_name) : NULL;
  o.parent = parent;
  o.anchor = NONE;
  o.first_member = 0;
  o.secretary = NONE;
  o.building = -1;
  o.organizer = -1;
  o.street = (gint16) street;
  o.community = (gint16) community;
  o.kind = (guint8) kind;
  o.domain = (guint8) domain;
  if (parent == NONE)
    o.unit = UNIT_LEGAL;
  else if (kind == KIND_JOINT)
    o.unit = UNIT_JOINT;
  else
    o.unit = UNIT_SAME;

  /* Founded after its parent; new 两新 organizations are common. */
  if (parent == NONE)
    {
      int month = rng_range (r, 1, 12);

      o.founded = days_from_civil (d->profile->founded_year, month, rng_range (r, 1, 28));
    }
  else
    {
      /* the district's streets and units are older than some districts */
      int    from = parent == d->root ? days_from_civil (1990, 1, 1) : ORG (d, parent)->founded;
      int    latest = d->gen->today - 60;
      double u = rng_unit (r);

      /* most organizations are not new: drawn on their own, after the parent */
      earliest = days_from_civil (1988, 1, 1);
      o.founded = earliest + (int) ((latest - earliest) * u * u);
      if ((domain == DOM_PRIVATE || domain == DOM_SOCIAL || domain == DOM_PARK || domain == DOM_TOWER) &&
          kind != KIND_COMMITTEE && rng_chance (r, 30))
        o.founded = random_day (r, days_from_civil (2024, 1, 1), latest);
      o.founded = CLAMP (o.founded, MIN (from + 30, latest), latest);
    }

  if (kind >= KIND_BRANCH)
    {
      /* 10 to 40 members, 20 on average, small branches the most common */
      guint a = rng_below (r, 31);
      guint b = rng_below (r, 31);
      guint n = 10 + MIN (a, b);

      o.first_member = d->n_members;
      o.n_members = n;
      d->n_members += n;
    }

  g_array_append_val (d->orgs, o);

  /* The first branch below an organization gives its secretary. */
  if (kind >= KIND_BRANCH)
    {
      guint32 self = d->orgs->len - 1;

      for (guint32 p = parent; p != NONE && ORG (d, p)->anchor == NONE; p = ORG (d, p)->parent)
        ORG (d, p)->anchor = self;
    }

  return d->orgs->len - 1;
}

/* A branch, or for @n of 2 or more a 党总支 over @n branches. */
static void
add_unit (District     *d,
          Rng          *r,
          guint32       parent,
          Domain        domain,
          int           street,
          int           community,
          const char   *unit,
          const char   *short_unit,
          guint         n,
          UnitSituation situation)
{
  g_autofree char *name = NULL;
  g_autofree char *short_name = NULL;
  guint32          general;
  char             number[16];

  if (n <= 1)
    {
      guint32 o;

      name = g_strdup_printf ("%s党支部", unit);
      short_name = g_strdup_printf ("%s党支部", short_unit);
      o = add_org (d, r, parent, KIND_BRANCH, domain, street, community, name, short_name);
      ORG (d, o)->unit = situation;
      return;
    }

  name = g_strdup_printf ("%s党总支", unit);
  short_name = g_strdup_printf ("%s党总支", short_unit);
  general = add_org (d, r, parent, KIND_GENERAL, domain, street, community, name, short_name);
  ORG (d, general)->unit = situation;
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *child = NULL;
      g_autofree char *short_child = NULL;

      chinese_number (i, number);
      child = g_strdup_printf ("%s第%s党支部", unit, number);
      short_child = g_strdup_printf ("%s第%s党支部", short_unit, number);
      add_org (d, r, general, KIND_BRANCH, domain, street, community, child, short_child);
    }
}

static void
add_company (District *d,
             Rng      *r,
             guint32   parent,
             int       street,
             int       community,
             guint     n)
{
  const char *company = unique_name (d, r, make_company);

  add_unit (d, r, parent, DOM_PRIVATE, street, community, company, company, n, UNIT_LEGAL);
}

static void
add_joint (District   *d,
           Rng        *r,
           guint32     parent,
           Domain      domain,
           int         street,
           int         community,
           const char *prefix,
           const char *short_prefix,
           guint       number)
{
  g_autofree char *name = NULL;
  g_autofree char *short_name = NULL;
  char             cn[16];

  chinese_number (number, cn);
  name = g_strdup_printf ("%s第%s联合党支部", prefix, cn);
  short_name = g_strdup_printf ("%s第%s联合党支部", short_prefix, cn);
  add_org (d, r, parent, KIND_JOINT, domain, street, community, name, short_name);
}

/* Companies (some with a 党总支) and joint branches, @budget branches in all. */
static void
add_private (District   *d,
             Rng        *r,
             guint32     parent,
             int         street,
             int         community,
             const char *joint_prefix,
             const char *joint_short,
             Domain      joint_domain,
             guint       budget)
{
  guint joints = 0;

  while (budget > 0)
    {
      if (rng_chance (r, 200))
        {
          add_joint (d, r, parent, joint_domain, street, community, joint_prefix, joint_short, ++joints);
          budget--;
        }
      else if (budget >= 3 && rng_chance (r, 80))
        {
          guint n = (guint) rng_range (r, 2, (int) MIN (budget, 4u));

          add_company (d, r, parent, street, community, n);
          budget -= n;
        }
      else
        {
          add_company (d, r, parent, street, community, 1);
          budget--;
        }
    }
}

static void
plan_district_level (District    *d,
                     Rng         *r,
                     const guint *budget)
{
  gboolean         new_area = g_str_has_suffix (d->name, "新区");
  g_autofree char *root_name = NULL;
  g_autofree char *root_short = NULL;
  g_autofree char *name = NULL;
  guint32          organs, edu, health;
  guint            n, units;

  root_name = g_strdup_printf ("中共深圳市%s%s", d->name, new_area ? "工作委员会" : "委员会");
  root_short = g_strdup_printf ("%s%s", d->name, new_area ? "党工委" : "委");
  d->root = add_org (d, r, NONE, new_area ? KIND_WORK : KIND_COMMITTEE, DOM_ORGAN, -1, -1,
                     root_name, root_short);

  /* 机关: the district's departments, under the organs' working committee */
  name = g_strdup_printf ("中共深圳市%s直属机关工作委员会", d->name);
  organs = add_org (d, r, d->root, KIND_WORK, DOM_ORGAN, -1, -1, name, "区直机关工委");
  n = budget[DOM_ORGAN] * 45 / 100;
  units = MIN (n, G_N_ELEMENTS (bureaus));
  for (guint i = 0; i < units; i++)
    {
      const char      *bureau = bureaus[i];
      g_autofree char *unit = NULL;
      g_autofree char *short_unit = NULL;

      /* 区委办公室 → 坪山区委办公室; in a 新区, 区委 is its 党工委 */
      if (new_area && g_str_has_prefix (bureau, "区委"))
        unit = g_strdup_printf ("%s党工委%s机关", d->name, bureau + strlen ("区委"));
      else
        unit = g_strdup_printf ("%s%s机关", d->name, bureau + strlen ("区"));
      short_unit = g_strdup_printf ("%s机关", bureau);
      /* 区纪委监委机关 is already one */
      if (g_str_has_suffix (bureau, "机关"))
        {
          unit[strlen (unit) - strlen ("机关")] = '\0';
          short_unit[strlen (short_unit) - strlen ("机关")] = '\0';
        }
      add_unit (d, r, organs, DOM_ORGAN, -1, -1, unit, short_unit, share (n, units, i), UNIT_LEGAL);
    }

  /* 党组 of the district's leading bodies */
  for (guint i = 0; i < 3; i++)
    {
      static const char *const groups[] = { "人民政府", "人大常委会", "政协" };
      g_autofree char         *group = g_strdup_printf ("中共深圳市%s%s党组", d->name, groups[i]);
      g_autofree char         *short_group = g_strdup_printf ("%s%s党组", d->name, groups[i]);

      if (new_area && i > 0)
        break;
      if (new_area)
        {
          g_free (group);
          group = g_strdup_printf ("深圳市%s管理委员会党组", d->name);
        }
      add_org (d, r, d->root, KIND_GROUP, DOM_ORGAN, -1, -1, group, short_group);
    }

  /* 公办中小学 */
  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("中共深圳市%s委教育工作委员会", d->name);
  edu = add_org (d, r, d->root, KIND_WORK, DOM_SCHOOL, -1, -1, name, "教育工委");
  for (guint left = budget[DOM_SCHOOL]; left > 0;)
    {
      const char *school = unique_name (d, r, make_school);
      guint       k = left >= 3 && rng_chance (r, 300) ? (guint) rng_range (r, 2, 3) : 1;

      add_unit (d, r, edu, DOM_SCHOOL, -1, -1, school, school, k, UNIT_LEGAL);
      left -= k;
    }

  /* 医院: a few hospitals with a 党委 and their departments, then the
   * community health centers */
  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("中共深圳市%s卫生健康工作委员会", d->name);
  health = add_org (d, r, d->root, KIND_WORK, DOM_HOSPITAL, -1, -1, name, "卫健工委");
  n = budget[DOM_HOSPITAL];
  {
    guint big = CLAMP (n / 8, 1, 4);
    guint in_big = n * 6 / 10;

    if (n < 4)
      big = 0, in_big = 0;
    for (guint i = 0; i < big; i++)
      {
        g_autofree char *hospital = g_strdup_printf ("%s%s", d->name, hospitals[i]);
        g_autofree char *committee = g_strdup_printf ("%s党委", hospital);
        guint32          h = add_org (d, r, health, KIND_COMMITTEE, DOM_HOSPITAL, -1, -1, committee, committee);
        guint            k = share (in_big, big, i);

        ORG (d, h)->unit = UNIT_LEGAL;
        for (guint j = 0; j < k; j++)
          {
            g_autofree char *branch = NULL;
            char             cn[16];

            if (j < G_N_ELEMENTS (departments))
              branch = g_strdup_printf ("%s%s", hospital, departments[j]);
            else
              {
                chinese_number (j + 1, cn);
                branch = g_strdup_printf ("%s第%s党支部", hospital, cn);
              }
            add_org (d, r, h, KIND_BRANCH, DOM_HOSPITAL, -1, -1, branch, branch);
          }
      }
    for (guint i = 0; i < n - in_big; i++)
      {
        const Community *c = COMMUNITY (d, i % d->communities->len);
        g_autofree char *unit = NULL;

        if (i < d->communities->len)
          unit = g_strdup_printf ("%s%s社区健康服务中心", d->name, c->name);
        else
          unit = g_strdup_printf ("%s%s社区健康服务中心第%u站", d->name, c->name, i / d->communities->len + 1);
        add_unit (d, r, health, DOM_HOSPITAL, (int) c->street, -1, unit, unit, 1, UNIT_LEGAL);
      }
  }

  /* 国有企业 */
  n = budget[DOM_SOE];
  {
    guint groups = MAX (1u, n / 8);

    for (guint i = 0; i < groups && n > 0; i++)
      {
        const char      *soe = unique_name (d, r, make_soe);
        guint            k = share (n, groups, i);
        g_autofree char *committee = g_strdup_printf ("%s党委", soe);
        guint32          o;

        if (k < 3)
          {
            add_unit (d, r, d->root, DOM_SOE, -1, -1, soe, soe, k, UNIT_LEGAL);
            continue;
          }
        o = add_org (d, r, d->root, KIND_COMMITTEE, DOM_SOE, -1, -1, committee, committee);
        ORG (d, o)->unit = UNIT_LEGAL;
        for (guint j = 1; j <= k; j++)
          {
            char             cn[16];
            g_autofree char *branch = NULL;

            chinese_number (j, cn);
            branch = g_strdup_printf ("%s第%s党支部", soe, cn);
            add_org (d, r, o, KIND_BRANCH, DOM_SOE, -1, -1, branch, branch);
          }
      }
  }
}

static void
plan_street (District    *d,
             Rng         *r,
             guint        s,
             const guint *budget)
{
  const char      *street = d->streets[s];
  g_autofree char *name = g_strdup_printf ("中共深圳市%s%s街道工作委员会", d->name, street);
  g_autofree char *short_name = g_strdup_printf ("%s街道党工委", street);
  g_autofree char *prefix = g_strdup_printf ("%s%s街道", d->name, street);
  guint32          so;
  guint            n, specials;
  guint            social_here = 0;

  so = add_org (d, r, d->root, KIND_WORK, DOM_ORGAN, (int) s, -1, name, short_name);
  ORG (d, so)->unit = UNIT_LEGAL;
  d->street_org[s] = so;

  /* 机关: the street office's branches */
  n = share (budget[DOM_ORGAN] - budget[DOM_ORGAN] * 45 / 100, d->n_streets, s);
  specials = MIN (n / 2, G_N_ELEMENTS (street_units));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *branch = NULL;
      g_autofree char *short_branch = NULL;
      char             cn[16];

      if (i >= n - specials)
        {
          branch = g_strdup_printf ("%s%s党支部", prefix, street_units[i - (n - specials)]);
          short_branch = g_strdup_printf ("%s街道%s党支部", street, street_units[i - (n - specials)]);
        }
      else
        {
          chinese_number (i + 1, cn);
          branch = g_strdup_printf ("%s机关第%s党支部", prefix, cn);
          short_branch = g_strdup_printf ("%s街道机关第%s党支部", street, cn);
        }
      add_org (d, r, so, KIND_BRANCH, DOM_ORGAN, (int) s, -1, branch, short_branch);
    }

  /* 社会组织: a branch in most social organizations, the rest joined */
  for (guint i = 0; i < d->social_orgs->len; i++)
    if (g_array_index (d->social_orgs, SocialOrg, i).street == s)
      social_here++;
  if (social_here > 0)
    {
      guint32 parent = so;
      guint32 joint = NONE;
      guint   k = 0;

      if (social_here >= 3)
        {
          g_autofree char *committee = g_strdup_printf ("%s社会组织综合党委", prefix);
          g_autofree char *short_committee = g_strdup_printf ("%s街道社会组织综合党委", street);

          parent = add_org (d, r, so, KIND_COMMITTEE, DOM_SOCIAL, (int) s, -1, committee, short_committee);
        }
      for (guint i = 0; i < d->social_orgs->len; i++)
        {
          SocialOrg *o = &g_array_index (d->social_orgs, SocialOrg, i);

          if (o->street != s)
            continue;
          if (++k % 5 == 0)
            {
              if (joint == NONE)
                {
                  g_autofree char *jn = g_strdup_printf ("%s社会组织联合党支部", prefix);
                  g_autofree char *js = g_strdup_printf ("%s街道社会组织联合党支部", street);

                  joint = add_org (d, r, parent, KIND_JOINT, DOM_SOCIAL, (int) s, -1, jn, js);
                }
              o->org = joint;
            }
          else if (rng_chance (r, 900))
            {
              g_autofree char *branch = g_strdup_printf ("%s党支部", o->name);

              o->org = add_org (d, r, parent, KIND_BRANCH, DOM_SOCIAL, (int) s, -1, branch, branch);
              ORG (d, o->org)->unit = UNIT_LEGAL;
            }
        }
    }

  /* 园区: a 党委 over the park's joint branches and its companies */
  for (guint i = 0; i < d->parks->len; i++)
    {
      Park            *p = &g_array_index (d->parks, Park, i);
      guint            k = MAX (p->budget, 1u);
      g_autofree char *park = NULL;
      g_autofree char *committee = NULL;
      g_autofree char *short_committee = NULL;
      guint32          po;

      if (p->street != s)
        continue;
      park = g_strdup_printf ("%s%s", prefix, p->name);
      if (k < 3)
        {
          committee = g_strdup_printf ("%s联合党支部", park);
          short_committee = g_strdup_printf ("%s联合党支部", p->name);
          p->org = add_org (d, r, so, KIND_JOINT, DOM_PARK, (int) s, -1, committee, short_committee);
          continue;
        }
      committee = g_strdup_printf ("%s党委", park);
      short_committee = g_strdup_printf ("%s党委", p->name);
      po = add_org (d, r, so, KIND_COMMITTEE, DOM_PARK, (int) s, -1, committee, short_committee);
      ORG (d, po)->unit = UNIT_LEGAL;
      p->org = po;
      {
        g_autofree char *office = g_strdup_printf ("%s管理服务中心", park);
        g_autofree char *short_office = g_strdup_printf ("%s管理服务中心", p->name);

        add_unit (d, r, po, DOM_PARK, (int) s, -1, office, short_office, 1, UNIT_LEGAL);
      }
      add_private (d, r, po, (int) s, -1, park, p->name, DOM_PARK, k - 1);
    }

  /* 楼宇: organizations built in the towers */
  for (guint i = 0; i < d->buildings->len; i++)
    {
      Building *b = &g_array_index (d->buildings, Building, i);
      guint32   bo, first;
      guint     k;

      if (b->street != s || b->org == NONE)
        continue;
      first = d->orgs->len;
      if (b->floors >= 20)
        {
          g_autofree char *committee = g_strdup_printf ("%s党委", b->name);

          k = MAX (2u, b->budget);
          bo = add_org (d, r, so, KIND_COMMITTEE, DOM_TOWER, (int) s, -1, committee, committee);
          ORG (d, bo)->unit = UNIT_LEGAL;
          add_private (d, r, bo, (int) s, -1, b->name, b->name, DOM_TOWER, k);
        }
      else
        {
          g_autofree char *joint = g_strdup_printf ("%s联合党支部", b->name);

          bo = add_org (d, r, so, KIND_JOINT, DOM_TOWER, (int) s, -1, joint, joint);
        }
      b->org = bo;
      for (guint32 o = first; o < d->orgs->len; o++)
        ORG (d, o)->building = (gint32) i;
    }

  /* a temporary branch on a construction project now and then */
  if (rng_chance (r, 400))
    {
      g_autofree char *project = NULL;
      g_autofree char *brand = NULL;
      GString         *b = g_string_new (NULL);

      make_brand (d, r, b);
      brand = g_string_free (b, FALSE);
      project = g_strdup_printf ("%s%s保障性住房建设项目临时党支部", prefix, brand);
      add_org (d, r, so, KIND_TEMPORARY, DOM_PRIVATE, (int) s, -1, project, project);
    }
}

static void
plan_community (District    *d,
                Rng         *r,
                guint        c,
                const guint *budget)
{
  Community       *cm = COMMUNITY (d, c);
  const char      *street = d->streets[cm->street];
  guint            n_comm = d->communities->len;
  g_autofree char *name = g_strdup_printf ("中共深圳市%s%s街道%s社区委员会", d->name, street, cm->name);
  g_autofree char *short_name = g_strdup_printf ("%s社区党委", cm->name);
  g_autofree char *prefix = g_strdup_printf ("%s%s街道%s社区", d->name, street, cm->name);
  g_autofree char *short_prefix = g_strdup_printf ("%s社区", cm->name);
  guint32          co, parent;
  guint            n;

  co = add_org (d, r, d->street_org[cm->street], KIND_COMMITTEE, DOM_COMMUNITY, (int) cm->street,
                (int) c, name, short_name);
  ORG (d, co)->unit = UNIT_LEGAL;
  cm->org = co;
  cm->first_member = d->n_members;

  /* 居民小组, under a 党总支 in bigger communities */
  n = MAX (1u, share (budget[DOM_RESIDENT], n_comm, c));
  parent = co;
  if (n >= 6 && rng_chance (r, 400))
    {
      g_autofree char *general = g_strdup_printf ("%s居民小组党总支", prefix);
      g_autofree char *short_general = g_strdup_printf ("%s居民小组党总支", short_prefix);

      parent = add_org (d, r, co, KIND_GENERAL, DOM_RESIDENT, (int) cm->street, (int) c, general,
                        short_general);
    }
  for (guint i = 1; i <= n; i++)
    {
      char             cn[16];
      g_autofree char *branch = NULL;
      g_autofree char *short_branch = NULL;

      chinese_number (i, cn);
      branch = g_strdup_printf ("%s第%s居民小组党支部", prefix, cn);
      short_branch = g_strdup_printf ("%s第%s居民小组党支部", short_prefix, cn);
      add_org (d, r, parent, KIND_BRANCH, DOM_RESIDENT, (int) cm->street, (int) c, branch, short_branch);
    }

  /* 社区: retirees, the shareholding company, grids, a functional branch */
  n = share (budget[DOM_COMMUNITY], n_comm, c);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *branch = NULL;
      g_autofree char *short_branch = NULL;
      OrgKind          kind = KIND_BRANCH;
      char             cn[16];

      if (i < G_N_ELEMENTS (community_units))
        {
          branch = g_strdup_printf ("%s%s", prefix, community_units[i]);
          short_branch = g_strdup_printf ("%s%s", short_prefix, community_units[i]);
        }
      else if (i == G_N_ELEMENTS (community_units))
        {
          branch = g_strdup_printf ("%s流动党员功能型党支部", prefix);
          short_branch = g_strdup_printf ("%s流动党员功能型党支部", short_prefix);
          kind = KIND_FUNCTIONAL;
        }
      else
        {
          chinese_number (i - G_N_ELEMENTS (community_units), cn);
          branch = g_strdup_printf ("%s网格第%s党支部", prefix, cn);
          short_branch = g_strdup_printf ("%s网格第%s党支部", short_prefix, cn);
        }
      add_org (d, r, co, kind, DOM_COMMUNITY, (int) cm->street, (int) c, branch, short_branch);
    }

  /* 非公企业 registered in the community */
  n = share (budget[DOM_PRIVATE], n_comm, c);
  {
    g_autofree char *joint = g_strdup_printf ("%s非公企业", prefix);
    g_autofree char *short_joint = g_strdup_printf ("%s非公企业", short_prefix);

    add_private (d, r, co, (int) cm->street, (int) c, joint, short_joint, DOM_PRIVATE, n);
  }

  cm->org_end = d->orgs->len;
  cm->end_member = d->n_members;
}

static void
plan_orgs (District *d)
{
  Rng   r;
  guint total = scaled (2550.0 * d->f, 30);
  guint budget[N_DOMAINS];
  guint park_budget, tower_budget;
  guint n_towers = 0, tower = 0;

  rng_for (d, S_ORGS, 0, &r);
  for (guint i = 0; i < N_DOMAINS; i++)
    budget[i] = scaled (total * domain_shares[i] / 1000.0, 1);

  /* 罗湖 builds its organizations in the towers */
  if (d->profile->practices & PRACTICE_TOWERS)
    {
      budget[DOM_TOWER] *= 2;
      budget[DOM_PRIVATE] -= MIN (budget[DOM_PRIVATE] / 4, budget[DOM_PRIVATE] - 1);
    }

  /* Companies: in parks and towers as well as in communities. */
  park_budget = budget[DOM_PARK] + budget[DOM_PRIVATE] * 25 / 100;
  for (guint i = 0; i < d->buildings->len; i++)
    if (g_array_index (d->buildings, Building, i).org != NONE &&
        g_array_index (d->buildings, Building, i).floors >= 20)
      n_towers++;
  tower_budget = n_towers ? budget[DOM_TOWER] + budget[DOM_PRIVATE] * 10 / 100 : 0;
  budget[DOM_PRIVATE] -= budget[DOM_PRIVATE] * 25 / 100 + (n_towers ? budget[DOM_PRIVATE] * 10 / 100 : 0);
  for (guint i = 0; i < d->parks->len; i++)
    g_array_index (d->parks, Park, i).budget = share (park_budget, d->parks->len, i);
  for (guint i = 0; i < d->buildings->len; i++)
    {
      Building *b = &g_array_index (d->buildings, Building, i);

      if (b->org != NONE && b->floors >= 20)
        b->budget = share (tower_budget, n_towers, tower++);
    }

  plan_district_level (d, &r, budget);
  for (guint s = 0; s < d->n_streets; s++)
    {
      plan_street (d, &r, s, budget);
      for (guint c = 0; c < d->communities->len; c++)
        if (COMMUNITY (d, c)->street == s)
          plan_community (d, &r, c, budget);
    }
}

/* The plan: members and secretaries */

static int
birth_for (Rng     *r,
           Domain   domain,
           gboolean probationary)
{
  int lo, hi, year;

  if (probationary)
    lo = 1986, hi = 2004;
  else if (domain == DOM_RESIDENT || domain == DOM_COMMUNITY)
    lo = 1940, hi = 2000;
  else if (domain == DOM_ORGAN || domain == DOM_SOE || domain == DOM_SCHOOL || domain == DOM_HOSPITAL)
    lo = 1962, hi = 2001;
  else
    lo = 1966, hi = 2003;

  /* triangular: most in the middle of the range */
  year = lo + (int) ((hi - lo) * (rng_unit (r) + rng_unit (r)) / 2.0 + 0.5);
  return days_from_civil (year, 1, 1) + rng_range (r, 0, 364);
}

/* The fixed part of member @n: who they are. The rest of their row goes on
 * from p->rng. Anyone can compute it: an organization for its secretary, an
 * activity for its registrations. */
static void
member_person (const District *d,
               guint32         n,
               Person         *p)
{
  const Org *org = ORG (d, d->member_org[n]);
  guint      pos = n - org->first_member;
  gboolean   caring = org->domain == DOM_SCHOOL || org->domain == DOM_HOSPITAL;

  rng_for (d, S_MEMBER, n, &p->rng);
  /* a branch has at least three full members */
  p->probationary = pos >= 3 && rng_chance (&p->rng, 50);
  p->male = rng_chance (&p->rng, caring ? 400 : 600);
  p->birth = birth_for (&p->rng, org->domain, p->probationary);
  draw_name (&p->rng, p->male, year_of (p->birth), p->name);
  p->stopped = !p->probationary && pos >= 3 && rng_chance (&p->rng, 5);
  p->lost = !p->stopped && pos >= 3 && rng_chance (&p->rng, 10);
}

static guint32
eligible_member (const District *d,
                 const Org      *branch,
                 guint           skip)
{
  for (guint32 n = branch->first_member; n < branch->first_member + branch->n_members; n++)
    {
      Person p;

      member_person (d, n, &p);
      if (p.probationary || p.stopped || p.lost)
        continue;
      if (skip-- == 0)
        return n;
    }
  return branch->first_member;
}

static void
plan_members (District *d)
{
  d->member_org = g_new (guint32, MAX (d->n_members, 1u));
  for (guint32 i = 0; i < d->orgs->len; i++)
    {
      const Org *o = ORG (d, i);

      if (o->kind >= KIND_BRANCH)
        for (guint32 n = o->first_member; n < o->first_member + o->n_members; n++)
          d->member_org[n] = i;
    }

  /* A branch's secretary is its first eligible member; an organization
   * above takes the next eligible one of its first branch. */
  for (guint32 i = 0; i < d->orgs->len; i++)
    {
      Org *o = ORG (d, i);

      if (o->kind >= KIND_BRANCH)
        o->secretary = eligible_member (d, o, 0);
      else
        {
          if (o->anchor == NONE)
            o->anchor = ORG (d, d->root)->anchor;
          if (o->anchor != NONE)
            {
              Org *a = ORG (d, o->anchor);

              a->n_anchored++;
              o->secretary = eligible_member (d, a, a->n_anchored);
            }
        }
    }
}

/* Elections at founding and every term since; some organizations are
 * overdue (换届). */
static void
plan_elections (District *d)
{
  for (guint32 i = 0; i < d->orgs->len; i++)
    {
      Org *o = ORG (d, i);
      int  term = (o->domain == DOM_COMMUNITY || o->domain == DOM_RESIDENT) ? 5 : 3;
      Rng  r;

      rng_for (d, S_ELECTIONS, i, &r);
      o->elected = o->founded;
      while (add_years (o->elected, term) <= d->gen->today)
        o->elected = add_years (o->elected, term);
      if (o->elected > o->founded && rng_chance (&r, 80))
        o->elected = add_years (o->elected, -term);
    }
}

static gboolean
is_overdue (const District *d,
            const Org      *o)
{
  int term = (o->domain == DOM_COMMUNITY || o->domain == DOM_RESIDENT) ? 5 : 3;

  return add_years (o->elected, term) < d->gen->today;
}

/* The plan: centers and rooms */

static guint32
add_center (District   *d,
            Rng        *r,
            CenterLevel level,
            const char *name,
            guint32     parent,
            const char *functions,
            int         street,
            int         community,
            guint32     org)
{
  Center      c = { 0 };
  char        address[160];
  const char *community_name = community >= 0 ? COMMUNITY (d, community)->name : NULL;

  c.name = intern (d, name);
  c.level = (guint8) level;
  c.parent = parent;
  c.functions = intern (d, functions);
  c.street = (gint16) street;
  c.community = (gint16) community;
  c.org = org;
  c.open_24h = rng_chance (r, 200);
  demo_address (d, r, street, community_name, FALSE, address);
  c.address = intern (d, address);
  g_array_append_val (d->centers, c);
  return d->centers->len - 1;
}

static void
plan_centers (District *d)
{
  Rng      r;
  gboolean levels = (d->profile->practices & PRACTICE_LEVELS) != 0;
  guint32  by_function[G_N_ELEMENTS (all_functions)];

  rng_for (d, S_CENTERS, 0, &r);

  /* 区: 宝安 has one per function, others one with several */
  if (levels)
    {
      for (guint i = 0; i < G_N_ELEMENTS (all_functions); i++)
        {
          g_autofree char *name = g_strdup_printf ("%s党群服务中心（%s）", d->name, all_functions[i]);

          by_function[i] = add_center (d, &r, LEVEL_DISTRICT, name, NONE, all_functions[i], -1, -1, d->root);
        }
    }
  else
    {
      g_autofree char *name = g_strdup_printf ("%s党群服务中心", d->name);
      guint32          c = add_center (d, &r, LEVEL_DISTRICT, name, NONE, "党建,政务,人力,青少年,妇女,法律援助",
                                       -1, -1, d->root);

      for (guint i = 0; i < G_N_ELEMENTS (all_functions); i++)
        by_function[i] = c;
    }
  d->district_center = by_function[0];

  if (d->profile->practices & PRACTICE_INCUBATION)
    {
      g_autofree char *name = g_strdup_printf ("%s社会组织服务园党群服务中心", d->name);

      d->social_center = add_center (d, &r, LEVEL_PARK, name, d->district_center, "党建,青少年,妇女,社会救助",
                                     -1, -1, d->root);
    }

  /* 街道: 宝安 three by function, others one */
  for (guint s = 0; s < d->n_streets; s++)
    {
      if (levels)
        {
          for (guint i = 0; i < 3; i++)
            {
              g_autofree char *name = g_strdup_printf ("%s%s街道党群服务中心（%s）", d->name, d->streets[s],
                                                       all_functions[i]);
              guint32          c = add_center (d, &r, LEVEL_STREET, name, by_function[i], all_functions[i],
                                               (int) s, -1, d->street_org[s]);

              if (i == 0)
                d->street_center[s] = c;
            }
        }
      else
        {
          g_autofree char *name = g_strdup_printf ("%s%s街道党群服务中心", d->name, d->streets[s]);

          d->street_center[s] = add_center (d, &r, LEVEL_STREET, name, d->district_center, "党建,政务,社会救助",
                                            (int) s, -1, d->street_org[s]);
        }
    }

  /* 社区: a center in every community, stations in some estates */
  for (guint c = 0; c < d->communities->len; c++)
    {
      Community       *cm = COMMUNITY (d, c);
      g_autofree char *name = g_strdup_printf ("%s街道%s社区党群服务中心", d->streets[cm->street], cm->name);
      const char      *functions = rng_chance (&r, 500) ? "党建,政务,社会救助,青少年" : "党建,政务,社会救助";
      guint            stations = rng_chance (&r, 600) ? (guint) rng_range (&r, 1, 2) : 0;

      cm->center = add_center (d, &r, LEVEL_COMMUNITY, name, d->street_center[cm->street], functions,
                               (int) cm->street, (int) c, cm->org);
      for (guint i = 0; i < stations; i++)
        {
          const char      *estate = unique_name (d, &r, make_estate);
          g_autofree char *station = g_strdup_printf ("%s社区%s党群服务站", cm->name, estate);

          add_center (d, &r, LEVEL_COMMUNITY, station, cm->center, "党建", (int) cm->street, (int) c, cm->org);
        }
    }

  /* 园区, 商圈 and 楼宇 */
  for (guint i = 0; i < d->parks->len; i++)
    {
      const Park      *p = &g_array_index (d->parks, Park, i);
      g_autofree char *name = g_strdup_printf ("%s党群服务中心", p->name);

      add_center (d, &r, LEVEL_PARK, name, d->street_center[p->street], "党建,企业,人力,科创",
                  (int) p->street, -1, p->org);
    }
  for (guint s = 0; s < d->n_streets; s++)
    {
      const char      *mall;
      g_autofree char *name = NULL;

      if (d->gen->scale < 0.5 && s > 0)
        break;
      mall = unique_name (d, &r, make_mall);
      name = g_strdup_printf ("%s党群服务中心", mall);
      add_center (d, &r, LEVEL_MALL, name, d->street_center[s], "党建,企业,工人", (int) s, -1, d->street_org[s]);
    }
  for (guint i = 0; i < d->buildings->len; i++)
    {
      const Building  *b = &g_array_index (d->buildings, Building, i);
      g_autofree char *name = g_strdup_printf ("%s党群服务中心", b->name);

      if (b->org == NONE)
        continue;
      add_center (d, &r, LEVEL_TOWER, name, d->street_center[b->street], "党建,企业,人力", (int) b->street, -1,
                  b->org);
    }

  /* Rooms: 2-4 in district and street centers, 1-2 in community centers,
   * sometimes one elsewhere. */
  rng_for (d, S_ROOMS, 0, &r);
  for (guint32 i = 0; i < d->centers->len; i++)
    {
      Center *c = CENTER (d, i);
      guint   n;
      guint   first_name = rng_below (&r, G_N_ELEMENTS (room_names));

      if (c->level == LEVEL_DISTRICT || c->level == LEVEL_STREET)
        n = (guint) rng_range (&r, 2, 4);
      else if (c->level == LEVEL_COMMUNITY && c->parent != NONE && CENTER (d, c->parent)->level == LEVEL_STREET)
        n = (guint) rng_range (&r, 1, 2);
      else
        n = rng_chance (&r, 500) ? 1 : 0;

      c->first_room = d->rooms->len;
      c->n_rooms = n;
      for (guint k = 0; k < n; k++)
        {
          Room        room;
          const char *room_name = room_names[(first_name + k) % G_N_ELEMENTS (room_names)];

          room.name = room_name;
          room.center = i;
          if (strcmp (room_name, "多功能厅") == 0 || strcmp (room_name, "党史教育展厅") == 0)
            room.capacity = rng_range (&r, 6, 20) * 10;
          else
            room.capacity = rng_range (&r, 12, 40);
          if (k == 0 && c->level <= LEVEL_STREET)
            {
              room.name = "多功能厅";
              room.capacity = rng_range (&r, 10, 30) * 10;
            }
          else if (k > 0 && strcmp (room.name, "多功能厅") == 0)
            room.name = "会议室";
          g_array_append_val (d->rooms, room);
        }
    }
}

/* Visit teams */

static void
plan_teams (District *d)
{
  Rng   r;
  guint n;

  rng_for (d, S_VISITS, 0, &r);
  if (d->profile->visit_teams > 0)
    n = scaled (d->profile->visit_teams * d->gen->scale, d->n_streets);
  else
    n = scaled (2.5 * d->n_streets * d->gen->scale, d->n_streets);

  for (guint s = 0; s < d->n_streets; s++)
    {
      guint k = share (n, d->n_streets, s);
      guint first = NONE;
      guint count = 0;

      for (guint c = 0; c < d->communities->len; c++)
        if (COMMUNITY (d, c)->street == s)
          {
            if (first == NONE)
              first = c;
            count++;
          }

      for (guint i = 0; i < k; i++)
        {
          Team t;
          char cn[16];
          char person[32];
          g_autoptr (GString) members = g_string_new (NULL);
          g_autofree char *name = NULL;

          chinese_number (i + 1, cn);
          name = g_strdup_printf ("%s街道第%s走访工作队", d->streets[s], cn);
          t.name = intern (d, name);
          t.street = s;
          t.community = first + (count ? i % count : 0);
          other_person (d, S_VISITS, (guint64) s * 1000 + i * 10, person);
          t.leader = intern (d, person);
          for (guint j = 1; j <= (guint) rng_range (&r, 3, 5); j++)
            {
              other_person (d, S_VISITS, (guint64) s * 1000 + i * 10 + j, person);
              g_string_append_printf (members, "%s%s", members->len ? "、" : "", person);
            }
          t.members = intern (d, members->str);
          g_array_append_val (d->teams, t);
        }
    }
}

/* Rows: organizations and members */

static gboolean
emit_orgs (District *d,
           GError  **error)
{
  for (guint32 i = 0; i < d->orgs->len; i++)
    {
      const Org  *o = ORG (d, i);
      DqRecord   *r = row_new (d, T_ORG, i);
      const char *community = o->community >= 0 ? COMMUNITY (d, o->community)->name : NULL;
      gboolean    five = o->domain == DOM_COMMUNITY || o->domain == DOM_RESIDENT;
      char        buf[160];
      Rng         rng;

      rng_for (d, S_ORG_ROW, i, &rng);
      put_text (r, "name", o->name);
      put_text (r, "short_name", o->short_name);
      put_text (r, "kind", kind_codes[o->kind]);
      put_ref (r, "parent_id", d, T_ORG, o->parent);
      put_text (r, "domain", domain_codes[o->domain]);
      put_text (r, "street", street_name (d, o->street));
      put_text (r, "community", community);
      put_text (r, "unit_situation", unit_codes[o->unit]);
      put_ref (r, "secretary_id", d, T_MEMBER, o->secretary);
      if (o->secretary != NONE)
        {
          Person p;

          member_person (d, o->secretary, &p);
          put_text (r, "contact", p.name);
        }
      landline (&rng, buf);
      put_text (r, "phone", buf);
      if (o->building >= 0)
        {
          const Building *b = &g_array_index (d->buildings, Building, o->building);

          g_snprintf (buf, sizeof buf, "%s%d楼", b->address, rng_range (&rng, 2, MAX (2, b->floors)));
        }
      else
        demo_address (d, &rng, o->street, community, FALSE, buf);
      put_text (r, "address", buf);
      put_ref (r, "building_id", d, T_BUILDING, o->building >= 0 ? (guint32) o->building : NONE);
      put_date (r, "founded_on", o->founded);
      put_int (r, "term_years", five ? 5 : 3);
      put_date (r, "last_election_on", o->elected);
      put_ref (r, "organizer_id", d, T_WORKER, o->organizer >= 0 ? (guint32) o->organizer : NONE);

      if (!emit (d, r, error))
        return FALSE;
    }
  report (d->gen, T_ORG);
  return TRUE;
}

static const char *
education_for (Rng   *r,
               Domain domain,
               int    birth_year)
{
  /* clang-format off */
  static const Weighted professional[] = {
    { "21", 55 }, { "14", 25 }, { "11", 4 }, { "31", 12 }, { "41", 4 },
  };
  /* clang-format on */
  /* clang-format off */
  static const Weighted company[] = {
    { "21", 45 }, { "31", 25 }, { "14", 12 }, { "61", 8 }, { "41", 7 }, { "47", 3 },
  };
  /* clang-format on */
  /* clang-format off */
  static const Weighted resident_old[] = {
    { "71", 30 }, { "61", 28 }, { "41", 14 }, { "81", 10 }, { "31", 12 }, { "21", 6 },
  };
  /* clang-format on */
  /* clang-format off */
  static const Weighted resident_mid[] = {
    { "61", 25 }, { "31", 30 }, { "21", 28 }, { "41", 12 }, { "71", 5 },
  };
  /* clang-format on */
  /* clang-format off */
  static const Weighted resident_young[] = {
    { "21", 50 }, { "31", 28 }, { "61", 8 }, { "14", 10 }, { "44", 4 },
  };
  /* clang-format on */

  if (domain == DOM_ORGAN || domain == DOM_SCHOOL || domain == DOM_HOSPITAL || domain == DOM_SOE)
    return rng_weighted (r, professional, G_N_ELEMENTS (professional));
  if (domain == DOM_RESIDENT || domain == DOM_COMMUNITY)
    {
      if (birth_year < 1960)
        return rng_weighted (r, resident_old, G_N_ELEMENTS (resident_old));
      if (birth_year < 1980)
        return rng_weighted (r, resident_mid, G_N_ELEMENTS (resident_mid));
      return rng_weighted (r, resident_young, G_N_ELEMENTS (resident_young));
    }
  return rng_weighted (r, company, G_N_ELEMENTS (company));
}

static const char *
job_for (Rng     *r,
         Domain   domain,
         int      age,
         gboolean male)
{
  static const char *const organ[] = { "公务员", "公务员", "事业单位工作人员" };
  static const char *const company[] = { "企业职工", "工程技术人员", "企业管理人员", "销售人员", "技术员", "财务人员" };
  static const char *const resident[] = { "个体经营者", "社区工作者", "自由职业者", "企业职工", "股份合作公司职工", "家政服务员" };
  static const char *const social[] = { "社会工作者", "社会组织工作人员", "项目主管" };

  if (age >= 60 && (domain == DOM_RESIDENT || domain == DOM_COMMUNITY || rng_chance (r, 700)))
    return "离退休人员";
  switch (domain)
    {
    case DOM_HOSPITAL:
      return rng_chance (r, 450) ? "医生" : rng_chance (r, male ? 300 : 700) ? "护士"
                                                                             : "医技人员";
    case DOM_SCHOOL:
      return rng_chance (r, 850) ? "教师" : "学校行政人员";
    case DOM_ORGAN:
      return PICK (r, organ);
    case DOM_SOE:
      return rng_chance (r, 300) ? "企业管理人员" : "国有企业职工";
    case DOM_SOCIAL:
      return PICK (r, social);
    case DOM_RESIDENT:
    case DOM_COMMUNITY:
      return PICK (r, resident);
    case DOM_PRIVATE:
    case DOM_PARK:
    case DOM_TOWER:
    default:
      return PICK (r, company);
    }
}

static const char *
ethnicity_for (Rng *r)
{
  /* clang-format off */
  static const Weighted minorities[] = {
    { "08", 20 }, { "15", 12 }, { "06", 10 }, { "03", 10 }, { "11", 8 }, { "13", 8 }, { "22", 6 },
    { "02", 4 }, { "14", 4 }, { "07", 4 }, { "12", 4 }, { "10", 3 }, { "19", 3 }, { "04", 2 },
  };
  /* clang-format on */

  if (rng_chance (r, 950))
    return "01";
  return rng_weighted (r, minorities, G_N_ELEMENTS (minorities));
}

static gboolean
emit_member (District *d,
             guint32   n,
             GError  **error)
{
  const Org *org = ORG (d, d->member_org[n]);
  const Gen *g = d->gen;
  Person     p;
  DqRecord  *r;
  Rng       *rng = &p.rng;
  char       id_number[19], buf[160];
  int        y, m, day, age, join, full = NO_DAY, seq;
  int        street;
  guint      key = 0;

  member_person (d, n, &p);
  r = row_new (d, T_MEMBER, n);
  civil_from_days (p.birth, &y, &m, &day);
  age = year_of (g->today) - y;

  put_text (r, "name", p.name);
  put_ref (r, "org_id", d, T_ORG, d->member_org[n]);

  /* GB 11643: area, birth date, a sequence odd for men, check character.
   * Unique in the district: the sequence moves on past taken ones. */
  seq = (int) rng_below (rng, 500) * 2 + (p.male ? 1 : 0);
  for (guint tries = 0; tries < 500; tries++)
    {
      key = ((guint) (p.birth + 40000) << 10) | (guint) seq;
      if (!g_hash_table_contains (d->id_numbers, GUINT_TO_POINTER (key)))
        break;
      seq = (seq + 2) % 1000;
    }
  g_hash_table_add (d->id_numbers, GUINT_TO_POINTER (key));
  g_snprintf (id_number, sizeof id_number, "%.6s%04d%02d%02d%03d", d->code, y, m, day, seq);
  id_number[17] = dq_id_number_check_char (id_number);
  id_number[18] = '\0';
  put_text (r, "id_number", id_number);

  put_text (r, "gender", p.male ? "1" : "2");
  put_text (r, "ethnicity", ethnicity_for (rng));
  put_date (r, "birth_date", p.birth);
  put_text (r, "education", education_for (rng, org->domain, y));
  put_text (r, "category", p.probationary ? "预备" : "正式");

  /* joined at 18 or later; full members a year later, before today */
  if (p.probationary)
    join = random_day (rng, g->today - 360, g->today - 7);
  else
    {
      int    earliest = add_years (p.birth, 18);
      int    latest = add_years (g->today, -1) - 1;
      int    span = MIN (latest - earliest, 32 * 365);
      double u = rng_unit (rng);

      join = earliest + (int) (span * u * u);
      full = add_years (join, 1);
    }
  put_date (r, "join_date", join);
  put_date (r, "full_date", full);
  put_text (r, "job", job_for (rng, org->domain, age, p.male));
  mobile (d, PHONES_MEMBER, n, buf);
  put_text (r, "phone", buf);
  street = org->street >= 0 ? org->street : (int) rng_below (rng, d->n_streets);
  demo_address (d, rng, street, org->community >= 0 ? COMMUNITY (d, org->community)->name : NULL, TRUE, buf);
  put_text (r, "address", buf);
  put_text (r, "standing", p.stopped ? "停止党籍" : "正常");
  put_int (r, "lost_contact", p.lost ? 1 : 0);
  /* dues paid up to a month of the last year */
  if (p.lost)
    {
      int since = random_day (rng, g->today - 330, g->today - 30);

      put_date (r, "lost_contact_on", since);
      format_month (add_months (since, -rng_range (rng, 0, 1)), buf);
    }
  else if (p.stopped)
    format_month (add_months (g->today, -rng_range (rng, 3, 11)), buf);
  else
    format_month (add_months (g->today, -(int) (rng_below (rng, 4) * rng_below (rng, 4) / 2)), buf);
  put_text (r, "dues_paid_until", buf);

  if (rng_chance (rng, 30))
    {
      gboolean in = rng_chance (rng, 600);

      put_text (r, "flowing", in ? "流入" : "流出");
      g_snprintf (buf, sizeof buf, in ? "流入：来自%s" : "流出：在%s务工", PICK (rng, provinces));
      put_text (r, "flowing_note", buf);
    }

  return emit (d, r, error);
}

static gboolean
emit_members (District *d,
              GError  **error)
{
  for (guint32 n = 0; n < d->n_members; n++)
    if (!emit_member (d, n, error))
      return FALSE;
  report (d->gen, T_MEMBER);
  return TRUE;
}

/* A random branch-level organization of the district. */
static guint32
random_branch (const District *d,
               Rng            *r)
{
  return d->member_org[rng_below (r, d->n_members)];
}

static gboolean
emit_transfers (District *d,
                GError  **error)
{
  static const char *const outgoing[] = { "申请", "转出审核", "待回执", "退回", "过期" };
  const Gen               *g = d->gen;
  Rng                      r;
  guint                    n = scaled (d->n_members / 100.0, 1);
  guint32                  count = 0;

  rng_for (d, S_TRANSFER, 0, &r);
  for (guint i = 0; i < n; i++)
    {
      guint32     member = rng_below (&r, d->n_members);
      guint32     org = d->member_org[member];
      DqRecord   *row = row_new (d, T_TRANSFER, count++);
      int         issued = random_day (&r, g->year_start, g->today - 3);
      guint       way = rng_below (&r, 10);
      char        buf[160];
      const char *status;

      put_ref (row, "member_id", d, T_MEMBER, member);
      if (way < 4)
        {
          /* within the district: received by the member's branch now */
          guint32 from = random_branch (d, &r);

          put_ref (row, "from_org_id", d, T_ORG, from == org ? ORG (d, org)->parent : from);
          put_ref (row, "to_org_id", d, T_ORG, org);
          status = rng_chance (&r, 900) ? "已接收" : "待回执";
        }
      else if (way < 7)
        {
          /* from outside the city */
          const char *province = PICK (&r, provinces);

          g_snprintf (buf, sizeof buf, "中共%s%s社区委员会", province, PICK (&r, place_first));
          put_text (row, "from_org_text", buf);
          put_ref (row, "to_org_id", d, T_ORG, org);
          status = "已接收";
        }
      else
        {
          /* leaving: another district of the city or elsewhere */
          guint             n_districts;
          const DqDistrict *all = dq_districts (&n_districts);
          const DqDistrict *to = &all[rng_below (&r, n_districts)];

          put_ref (row, "from_org_id", d, T_ORG, org);
          if (strcmp (to->code, d->code) != 0 && strcmp (to->code, DQ_CITY_DISTRICT) != 0 &&
              to->streets[0] != NULL)
            {
              const char *street = to->streets[rng_below (&r, g_strv_length ((char **) to->streets))];

              g_snprintf (buf, sizeof buf, "中共深圳市%s%s街道%s社区委员会", to->name, street,
                          PICK (&r, place_first));
              put_text (row, "to_district", to->code);
            }
          else
            {
              const char *province = PICK (&r, provinces);
              const char *first = PICK (&r, place_first);

              g_snprintf (buf, sizeof buf, "中共%s%s%s社区委员会", province, first, PICK (&r, place_second));
            }
          put_text (row, "to_org_text", buf);
          status = PICK (&r, outgoing);
        }

      g_snprintf (buf, sizeof buf, "%s组转〔2026〕%04u号", d->abbr, 1 + i);
      put_text (row, "letter_no", buf);
      format_month (add_months (issued, -rng_range (&r, 0, 2)), buf);
      put_text (row, "dues_paid_until", buf);
      put_date (row, "valid_until", add_months (issued, 3));
      put_text (row, "status", status);
      if (strcmp (status, "已接收") == 0)
        {
          int received = issued + rng_range (&r, 2, 30);

          put_date (row, "received_on", MIN (received, g->today));
        }
      if (!emit (d, row, error))
        return FALSE;
    }
  report (d->gen, T_TRANSFER);
  return TRUE;
}

/* Rows: places */

static gboolean
emit_buildings (District *d,
                GError  **error)
{
  for (guint32 i = 0; i < d->buildings->len; i++)
    {
      const Building *b = &g_array_index (d->buildings, Building, i);
      DqRecord       *r = row_new (d, T_BUILDING, i);

      put_text (r, "name", b->name);
      put_text (r, "address", b->address);
      put_text (r, "street", d->streets[b->street]);
      put_int (r, "floors", b->floors);
      put_int (r, "enterprises", b->enterprises);
      put_int (r, "members", b->members);
      put_int (r, "two_new_members", b->two_new);
      put_ref (r, "org_id", d, T_ORG, b->org);
      if (!emit (d, r, error))
        return FALSE;
    }
  report (d->gen, T_BUILDING);
  return TRUE;
}

/* GB 32100: 5 (民政), the kind, the area, a made-up organization code and
 * the check character. */
static void
credit_code (const District *d,
             Rng            *r,
             guint           kind,
             char            out[19])
{
  static const char chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static const int  weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
  int               sum = 0;

  out[0] = '5';
  out[1] = "123"[kind];
  memcpy (out + 2, d->code, 6);
  out[8] = 'M';
  out[9] = 'J';
  for (guint i = 10; i < 17; i++)
    out[i] = chars[rng_below (r, i < 11 ? 31 : 10)];
  for (guint i = 0; i < 17; i++)
    sum += (int) (strchr (chars, out[i]) - chars) * weights[i];
  out[17] = chars[(31 - sum % 31) % 31];
  out[18] = '\0';
}

static gboolean
emit_social_orgs (District *d,
                  GError  **error)
{
  static const char *const stages[] = { "申请入驻", "孵化中", "孵化中", "已出壳", "已出壳", "已退出" };
  Rng                      r;
  gboolean                 incubation = (d->profile->practices & PRACTICE_INCUBATION) != 0;

  rng_for (d, S_SOCIAL, 0, &r);
  for (guint32 i = 0; i < d->social_orgs->len; i++)
    {
      const SocialOrg *s = &g_array_index (d->social_orgs, SocialOrg, i);
      DqRecord        *row = row_new (d, T_SOCIAL_ORG, i);
      char             code[19];
      const char      *stage = NULL;

      credit_code (d, &r, s->kind, code);
      put_text (row, "name", s->name);
      put_text (row, "credit_code", code);
      put_text (row, "kind", social_org_kinds[s->kind]);
      if (incubation || rng_chance (&r, 300))
        stage = PICK (&r, stages);
      /* incubated together with its party organization */
      if (incubation && s->org != NONE && strcmp (stage, "申请入驻") == 0)
        stage = "孵化中";
      put_text (row, "stage", stage);
      if (stage != NULL)
        put_date (row, "incubated_since", random_day (&r, days_from_civil (2019, 1, 1), d->gen->today - 30));
      put_ref (row, "org_id", d, T_ORG, s->org);
      if (incubation)
        put_ref (row, "center_id", d, T_CENTER, d->social_center);
      else
        put_ref (row, "center_id", d, T_CENTER, d->street_center[s->street]);
      if (!emit (d, row, error))
        return FALSE;
    }
  report (d->gen, T_SOCIAL_ORG);
  return TRUE;
}

static gboolean
emit_workers (District *d,
              GError  **error)
{
  gboolean   workforce = (d->profile->practices & PRACTICE_WORKFORCE) != 0;
  const Gen *g = d->gen;
  Rng        r;
  guint32    n = 0;
  char       person[32], phone[12];

  rng_for (d, S_WORKERS, 0, &r);

  /* 坪山's party-building organizers come first: organizations point at them */
  for (guint i = 0; i < d->n_organizers; i++)
    {
      DqRecord *row = row_new (d, T_WORKER, n);

      other_person (d, S_WORKERS, n, person);
      put_text (row, "name", person);
      put_text (row, "role", "专职工作者");
      put_text (row, "street", d->streets[i % d->n_streets]);
      mobile (d, PHONES_WORKER, n, phone);
      put_text (row, "phone", phone);
      put_date (row, "since", random_day (&r, days_from_civil (2019, 3, 1), g->today - 90));
      put_text (row, "training", "党建组织员岗位培训；2026年党务工作者业务培训");
      n++;
      if (!emit (d, row, error))
        return FALSE;
    }

  for (guint c = 0; c < d->communities->len; c++)
    {
      const Community         *cm = COMMUNITY (d, c);
      static const char *const roles[] = { "书记", "专职工作者", "后备干部", "辅助力量" };
      guint                    counts[4] = { 1, 5, 1, 3 };
      gboolean                 replaced = rng_chance (&r, workforce ? 250 : 80);
      int                      current_since = g->today;

      if (workforce)
        counts[1] = 9, counts[2] = 3, counts[3] = 6;
      if (d->gen->scale < 0.2)
        counts[1] = MAX (1u, counts[1] / 3), counts[3] = MAX (1u, counts[3] / 3);

      for (guint role = 0; role < 4; role++)
        for (guint k = 0; k < counts[role] + (role == 0 && replaced ? 1 : 0); k++)
          {
            DqRecord *row = row_new (d, T_WORKER, n);
            int       since = random_day (&r, days_from_civil (2012, 1, 1), g->today - 30);
            int       until = NO_DAY;

            if (role == 0 && k == 0 && ORG (d, cm->org)->secretary != NONE)
              {
                /* the community's secretary is its party committee's */
                Person p;

                member_person (d, ORG (d, cm->org)->secretary, &p);
                g_strlcpy (person, p.name, sizeof person);
                if (replaced)
                  since = random_day (&r, days_from_civil (2024, 1, 1), g->today - 30);
                current_since = since;
              }
            else
              other_person (d, S_WORKERS, n, person);
            if (role == 0 && k == 1)
              {
                /* 能上能下: the secretary before, until the new one came */
                until = current_since - 1;
                since = random_day (&r, days_from_civil (2015, 1, 1), until - 365);
              }
            put_text (row, "name", person);
            put_text (row, "role", roles[role]);
            put_text (row, "street", d->streets[cm->street]);
            put_text (row, "community", cm->name);
            mobile (d, PHONES_WORKER, n, phone);
            put_text (row, "phone", phone);
            put_date (row, "since", since);
            put_date (row, "until", until);
            put_text (row, "training", rng_chance (&r, 700) ? PICK (&r, worker_trainings) : NULL);
            n++;
            if (!emit (d, row, error))
              return FALSE;
          }
    }
  d->n_workers = n;
  report (d->gen, T_WORKER);
  return TRUE;
}

static gboolean
emit_centers (District *d,
              GError  **error)
{
  Rng r;

  rng_for (d, S_CENTERS, 1, &r);
  for (guint32 i = 0; i < d->centers->len; i++)
    {
      const Center *c = CENTER (d, i);
      DqRecord     *row = row_new (d, T_CENTER, i);
      g_auto (GStrv) functions = g_strsplit (c->functions, ",", -1);
      g_autoptr (GString) services = g_string_new (NULL);
      char phone[14];
      char city_center[37];

      for (guint k = 0; functions[k]; k++)
        for (guint f = 0; f < G_N_ELEMENTS (all_functions); f++)
          if (strcmp (functions[k], all_functions[f]) == 0)
            g_string_append_printf (services, "%s%s", services->len ? "；" : "", function_services[f]);

      put_text (row, "name", c->name);
      put_text (row, "level", level_codes[c->level]);
      if (c->parent == NONE)
        {
          make_id (d->gen->city_seed, 0, T_CENTER, 0, city_center);
          put_text (row, "parent_id", city_center);
        }
      else
        put_ref (row, "parent_id", d, T_CENTER, c->parent);
      put_text (row, "functions", c->functions);
      put_text (row, "services", services->str);
      put_text (row, "street", street_name (d, c->street));
      put_text (row, "community", c->community >= 0 ? COMMUNITY (d, c->community)->name : NULL);
      put_text (row, "address", c->address);
      landline (&r, phone);
      put_text (row, "phone", phone);
      put_text (row, "open_hours", c->open_24h ? "全天24小时" : rng_chance (&r, 700) ? "周一至周日 9:00-21:00"
                                                                                     : "周一至周五 9:00-18:00，周六 9:00-12:00");
      put_int (row, "open_24h", c->open_24h ? 1 : 0);
      put_ref (row, "org_id", d, T_ORG, c->org);
      if (!emit (d, row, error))
        return FALSE;
    }
  report (d->gen, T_CENTER);

  for (guint32 i = 0; i < d->rooms->len; i++)
    {
      const Room *room = &g_array_index (d->rooms, Room, i);
      DqRecord   *row = row_new (d, T_ROOM, i);

      put_ref (row, "center_id", d, T_CENTER, room->center);
      put_text (row, "name", room->name);
      put_int (row, "capacity", room->capacity);
      for (guint k = 0; k < G_N_ELEMENTS (room_names); k++)
        if (strcmp (room->name, room_names[k]) == 0)
          put_text (row, "facilities", room_facilities[k]);
      if (!emit (d, row, error))
        return FALSE;
    }
  report (d->gen, T_ROOM);
  return TRUE;
}

/* Rows: bookings, activities and registrations */

/* Time slots of a day in a room, in minutes after midnight. */
static const int slot_start[] = { 9 * 60, 14 * 60 + 30, 19 * 60 + 30 };
static const int slot_length[] = { 150, 150, 90 };

/* Takes a free (room, day, slot); FALSE when it is taken. */
static gboolean
take_slot (District *d,
           guint32   room,
           int       day,
           guint     slot)
{
  guint key = (room << 12) | (guint) ((day - d->gen->year_start) * 4 + (int) slot);

  if (g_hash_table_contains (d->room_slots, GUINT_TO_POINTER (key + 1)))
    return FALSE;
  g_hash_table_add (d->room_slots, GUINT_TO_POINTER (key + 1));
  return TRUE;
}

static gboolean
emit_bookings (District *d,
               GError  **error)
{
  static const char *const purposes[] = {
    "支部主题党日活动", "党员学习会", "支部委员会会议", "党课", "志愿者培训", "居民议事会",
    "青年党员座谈会"
  };
  const Gen *g = d->gen;
  Rng        r;
  guint32    n = 0;

  rng_for (d, S_BOOKINGS, 0, &r);
  for (guint32 i = 0; i < d->rooms->len; i++)
    {
      const Room   *room = &g_array_index (d->rooms, Room, i);
      const Center *c = CENTER (d, room->center);
      guint         k = (guint) rng_range (&r, 0, 3);

      for (guint j = 0; j < k; j++)
        {
          int       day = random_day (&r, g->year_start, g->year_end);
          guint     slot = rng_below (&r, 3);
          guint32   org = c->org;
          DqRecord *row;
          char      person[32];

          if (!take_slot (d, i, day, slot))
            continue;
          if (c->community >= 0 && rng_chance (&r, 700))
            {
              const Community *cm = COMMUNITY (d, c->community);

              org = cm->org + 1 + rng_below (&r, cm->org_end - cm->org - 1);
            }
          row = row_new (d, T_BOOKING, n);
          put_ref (row, "room_id", d, T_ROOM, i);
          put_time (row, "starts_at", day, slot_start[slot]);
          put_time (row, "ends_at", day, slot_start[slot] + slot_length[slot]);
          put_ref (row, "org_id", d, T_ORG, org);
          put_text (row, "purpose", PICK (&r, purposes));
          other_person (d, S_BOOKINGS, n, person);
          put_text (row, "booked_by", person);
          put_text (row, "status", rng_chance (&r, 920) ? "已预约" : "已取消");
          n++;
          if (!emit (d, row, error))
            return FALSE;
        }
    }
  report (d->gen, T_BOOKING);
  return TRUE;
}

static void
activity_title (Rng        *r,
                const char *kind,
                int         day,
                const char *org_short,
                char        out[200])
{
  int y, m, dd;

  civil_from_days (day, &y, &m, &dd);
  if (strcmp (kind, "志愿服务") == 0)
    g_snprintf (out, 200, "“%s”党员志愿服务活动", PICK (r, volunteer_themes));
  else if (strcmp (kind, "主题党日") == 0)
    g_snprintf (out, 200, "%s%d月主题党日：%s", org_short, m, PICK (r, study_topics));
  else if (strcmp (kind, "三会一课") == 0)
    g_snprintf (out, 200, "%s%d月支部党员大会", org_short, m);
  else if (strcmp (kind, "党课") == 0)
    g_snprintf (out, 200, "专题党课：%s", PICK (r, study_topics));
  else if (strcmp (kind, "培训") == 0)
    g_snprintf (out, 200, "%s培训班", PICK (r, training_topics));
  else if (strcmp (kind, "讲座") == 0)
    g_snprintf (out, 200, "%s讲座", PICK (r, lecture_topics));
  else if (strcmp (kind, "文体") == 0)
    g_snprintf (out, 200, "%s", PICK (r, sports_events));
  else
    g_snprintf (out, 200, "党群服务中心开放日");
}

/* A center for an activity: mostly community centers. */
static guint32
activity_center (District *d,
                 Rng      *r)
{
  guint x = rng_below (r, 100);

  if (x < 65)
    return COMMUNITY (d, rng_below (r, d->communities->len))->center;
  if (x < 85)
    return d->street_center[rng_below (r, d->n_streets)];
  if (x < 93)
    return d->district_center;
  return rng_below (r, d->centers->len);
}

static gboolean
emit_registrations (District   *d,
                    Rng        *r,
                    guint32     activity,
                    guint32    *next,
                    guint32     org,
                    guint32     center,
                    int         day,
                    int         start,
                    int         capacity,
                    gboolean    waitlist,
                    const char *audience,
                    const char *status,
                    GError    **error)
{
  const Gen *g = d->gen;
  guint      n = (guint) rng_range (r, 3, 16);
  guint32    picked[64];
  guint      n_picked = 0;
  gboolean   past = strcmp (status, "已结束") == 0 || strcmp (status, "进行中") == 0;
  gboolean   cancelled = strcmp (status, "已取消") == 0;
  guint      member_share = strcmp (audience, "党员") == 0 ? 1000 : strcmp (audience, "全部") == 0 ? 600
                                                                                                   : 150;
  const Org *o = ORG (d, org);
  char       buf[64], node[33];
  guint      desks = (guint) rng_range (r, 1, 3);

  if (strcmp (status, "筹备") == 0)
    return TRUE;
  if (waitlist && capacity <= 40 && rng_chance (r, 150))
    n = (guint) capacity + (guint) rng_range (r, 1, 5);
  n = MIN (n, G_N_ELEMENTS (picked));
  if (!waitlist)
    n = MIN (n, (guint) capacity);

  for (guint i = 0; i < n; i++)
    {
      DqRecord   *row;
      guint32     member = NONE;
      const char *state;
      const char *source;
      int         registered_day, registered_min;
      gboolean    checked_in = FALSE;

      if (rng_chance (r, member_share))
        {
          gboolean dup = FALSE;

          if (o->kind >= KIND_BRANCH && rng_chance (r, 700))
            member = o->first_member + rng_below (r, o->n_members);
          else
            member = rng_below (r, d->n_members);
          for (guint k = 0; k < n_picked; k++)
            dup = dup || picked[k] == member;
          if (dup)
            continue;
          picked[n_picked++] = member;
        }

      source = rng_chance (r, 700) ? "线上" : rng_chance (r, 660) && past ? "现场"
                                                                          : "导入";
      if (i >= (guint) capacity)
        state = "候补";
      else if (cancelled)
        state = "已取消";
      else if (past)
        {
          guint x = rng_below (r, 100);

          state = x < 85 ? "已报名" : x < 95 ? "未到"
                                             : "已取消";
          checked_in = x < 85;
        }
      else
        state = rng_chance (r, 950) ? "已报名" : "已取消";
      if (strcmp (source, "现场") == 0 && !checked_in)
        source = "线上";

      row = row_new (d, T_REGISTRATION, (*next)++);
      put_ref (row, "activity_id", d, T_ACTIVITY, activity);
      put_ref (row, "member_id", d, T_MEMBER, member);
      if (member != NONE)
        {
          Person p;

          member_person (d, member, &p);
          put_text (row, "name", p.name);
          put_text (row, "political_status", p.probationary ? "02" : "01");
        }
      else
        {
          char person[32], phone[12];

          other_person (d, S_REGISTRATIONS, *next, person);
          put_text (row, "name", person);
          mobile (d, PHONES_REGISTRANT, *next, phone);
          put_text (row, "phone", phone);
          put_text (row, "political_status", rng_chance (r, 700) ? "13" : rng_chance (r, 850) ? "03"
                                                                                              : "12");
        }
      put_text (row, "status", state);

      if (checked_in)
        {
          int       at = start + rng_range (r, -20, 10);
          guint64   index = *next - 1;
          DqRecord *checkin = row_new (d, T_CHECKIN, index);

          /* The attendance is the desk's check-in row (dq-activity.h); the
           * registration's own columns say the same for older readers. */
          format_time (day, at, buf);
          put_text (row, "checked_in_at", buf);
          put_text (checkin, "checked_in_at", buf);
          other_person (d, S_DESK, center * 4 + i % desks, buf);
          put_text (row, "checked_in_by", buf);
          put_text (checkin, "checked_in_by", buf);
          desk_node (d, center, i % desks, node);
          put_text (row, "desk", node);
          put_text (checkin, "desk", node);
          put_ref (checkin, "registration_id", d, T_REGISTRATION, index);
          put_ref (checkin, "activity_id", d, T_ACTIVITY, activity);
          if (strcmp (source, "现场") == 0)
            {
              put_time (row, "registered_at", day, at);
              put_text (row, "source", source);
              if (!emit (d, row, error) || !emit (d, checkin, error))
                return FALSE;
              continue;
            }
          registered_day = day - rng_range (r, 1, 14);
          registered_day = MIN (registered_day, g->today);
          registered_min = rng_range (r, 8 * 60, 22 * 60);
          put_time (row, "registered_at", registered_day, registered_min);
          put_text (row, "source", source);
          if (!emit (d, row, error) || !emit (d, checkin, error))
            return FALSE;
          continue;
        }
      registered_day = day - rng_range (r, 1, 14);
      registered_day = MIN (registered_day, g->today);
      registered_min = rng_range (r, 8 * 60, 22 * 60);
      put_time (row, "registered_at", registered_day, registered_min);
      put_text (row, "source", source);
      if (!emit (d, row, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
emit_activities (District *d,
                 GError  **error)
{
  const Gen *g = d->gen;
  Rng        r;
  guint      n = scaled (2000.0 * d->f, 5);
  guint32    registrations = 0;

  rng_for (d, S_ACTIVITIES, 0, &r);
  for (guint32 i = 0; i < n; i++)
    {
      const char   *kind = activity_kinds[rng_weighted_index (&r, activity_kind_weights, G_N_ELEMENTS (activity_kind_weights))];
      guint32       center = activity_center (d, &r);
      const Center *c = CENTER (d, center);
      int           day = random_day (&r, g->year_start, g->year_end);
      guint         slot = rng_below (&r, 3);
      int           start = slot_start[slot];
      int           length = slot_length[slot];
      guint32       room = NONE;
      guint32       org = c->org;
      int           capacity;
      gboolean      waitlist = rng_chance (&r, 400);
      const char   *audience;
      const char   *status;
      const char   *org_short;
      DqRecord     *row;
      char          title[200], location[200];

      if (strcmp (kind, "志愿服务") == 0)
        {
          start = slot == 2 ? 18 * 60 + 30 : slot_start[slot] - 30;
          length = slot == 2 ? 120 : rng_range (&r, 2, 4) * 60;
        }
      if (c->n_rooms > 0 && strcmp (kind, "志愿服务") != 0 && rng_chance (&r, 800))
        {
          guint32 candidate = c->first_room + rng_below (&r, c->n_rooms);

          if (take_slot (d, candidate, day, slot))
            room = candidate;
        }
      if (c->community >= 0 && rng_chance (&r, 500))
        {
          const Community *cm = COMMUNITY (d, c->community);

          org = cm->org + 1 + rng_below (&r, cm->org_end - cm->org - 1);
        }
      if (org == NONE)
        org = d->root;

      if (strcmp (kind, "主题党日") == 0 || strcmp (kind, "三会一课") == 0 || strcmp (kind, "党课") == 0)
        audience = "党员";
      else if (strcmp (kind, "志愿服务") == 0)
        audience = rng_chance (&r, 500) ? "党员" : "全部";
      else
        audience = rng_chance (&r, 300) ? "群众" : "全部";

      if (rng_chance (&r, 30))
        status = "已取消";
      else if (day < g->today)
        status = "已结束";
      else if (day == g->today)
        status = "进行中";
      else if (day <= g->today + 30 || rng_chance (&r, 400))
        status = "报名中";
      else
        status = "筹备";

      capacity = room != NONE ? MIN (g_array_index (d->rooms, Room, room).capacity, 200) : rng_range (&r, 2, 10) * 10;
      org_short = ORG (d, org)->short_name ? ORG (d, org)->short_name : ORG (d, org)->name;
      activity_title (&r, kind, day, org_short, title);
      if (room != NONE)
        g_snprintf (location, sizeof location, "%s%s", c->name, g_array_index (d->rooms, Room, room).name);
      else if (strcmp (kind, "志愿服务") == 0)
        g_snprintf (location, sizeof location, "%s%s", c->community >= 0 ? COMMUNITY (d, c->community)->name : d->name,
                    rng_chance (&r, 500) ? "社区示例公园" : "演示街沿线");
      else
        g_snprintf (location, sizeof location, "%s", c->name);

      row = row_new (d, T_ACTIVITY, i);
      put_text (row, "title", title);
      put_text (row, "kind", kind);
      put_ref (row, "center_id", d, T_CENTER, center);
      put_ref (row, "room_id", d, T_ROOM, room);
      put_ref (row, "org_id", d, T_ORG, org);
      put_time (row, "starts_at", day, start);
      put_time (row, "ends_at", day, start + length);
      put_text (row, "location", location);
      put_int (row, "capacity", capacity);
      put_int (row, "waitlist", waitlist ? 1 : 0);
      put_text (row, "audience", audience);
      if (strcmp (kind, "志愿服务") == 0)
        put_int (row, "volunteer_hours", length / 60);
      put_text (row, "status", status);
      if (!emit (d, row, error))
        return FALSE;

      if (!emit_registrations (d, &r, i, &registrations, org, center, day, start, capacity, waitlist,
                               audience, status, error))
        return FALSE;
    }
  report (d->gen, T_ACTIVITY);
  report (d->gen, T_REGISTRATION);
  report (d->gen, T_CHECKIN);
  return TRUE;
}

/* Rows: visits */

static gboolean
emit_visits (District *d,
             GError  **error)
{
  static const char *const kinds[] = { "住户", "个体工商户", "驻社区单位" };
  gboolean                 dapeng = (d->profile->practices & PRACTICE_VISITS) != 0;
  const Gen               *g = d->gen;
  Rng                      r;
  guint32                  n_targets = 0, n_visits = 0;

  rng_for (d, S_VISITS, 1, &r);
  for (guint32 i = 0; i < d->teams->len; i++)
    {
      const Team      *t = &g_array_index (d->teams, Team, i);
      const Community *cm = COMMUNITY (d, t->community);
      DqRecord        *row = row_new (d, T_VISIT_TEAM, i);
      char             grid[200];
      int              first = rng_range (&r, 1, 6);

      g_snprintf (grid, sizeof grid, "%s街道%s社区第%d至%d网格", d->streets[t->street], cm->name, first,
                  first + rng_range (&r, 2, 5));
      put_text (row, "name", t->name);
      put_text (row, "grid", grid);
      put_text (row, "leader", t->leader);
      put_text (row, "members", t->members);
      put_text (row, "street", d->streets[t->street]);
      put_text (row, "community", cm->name);
      if (!emit (d, row, error))
        return FALSE;
    }
  report (d->gen, T_VISIT_TEAM);

  for (guint32 i = 0; i < d->teams->len; i++)
    {
      const Team      *t = &g_array_index (d->teams, Team, i);
      const Community *cm = COMMUNITY (d, t->community);
      guint            k = dapeng ? (guint) rng_range (&r, 60, 100) : (guint) rng_range (&r, 20, 40);
      g_auto (GStrv) visitors = g_strsplit (t->members, "、", -1);
      guint n_visitors = g_strv_length (visitors);

      for (guint j = 0; j < k; j++)
        {
          guint     kind = rng_below (&r, 10) < 7 ? 0 : rng_chance (&r, 660) ? 1
                                                                             : 2;
          guint32   target = n_targets++;
          DqRecord *row = row_new (d, T_VISIT_TARGET, target);
          char      name[120], address[160], person[32], phone[12];
          guint     visits;
          GString  *brand = g_string_new (NULL);

          other_person (d, S_VISITS, 100000 + target, person);
          make_brand (d, &r, brand);
          if (kind == 0)
            g_snprintf (name, sizeof name, "%s户", person);
          else if (kind == 1)
            g_snprintf (name, sizeof name, "%s%s", brand->str, PICK (&r, shops));
          else
            g_snprintf (name, sizeof name, "%s%s%s", cm->name, brand->str, PICK (&r, resident_units));
          g_string_free (brand, TRUE);
          demo_address (d, &r, (int) t->street, cm->name, kind == 0, address);
          put_text (row, "name", name);
          put_text (row, "kind", kinds[kind]);
          put_ref (row, "team_id", d, T_VISIT_TEAM, i);
          put_text (row, "address", address);
          put_text (row, "community", cm->name);
          put_text (row, "contact", person);
          mobile (d, PHONES_TARGET, target, phone);
          put_text (row, "phone", phone);
          if (!emit (d, row, error))
            return FALSE;

          /* 大鹏 visits everyone once a year; most are done by now */
          visits = rng_chance (&r, dapeng ? 880 : 600) ? 1 : 0;
          if (visits && rng_chance (&r, 250))
            visits = 2;
          for (guint v = 0; v < visits; v++)
            {
              int      day = random_day (&r, g->year_start + 4, g->today - 1);
              gboolean asked = rng_chance (&r, 500);
              char     who[120];

              row = row_new (d, T_VISIT, n_visits++);
              g_snprintf (who, sizeof who, "%s、%s", t->leader, visitors[rng_below (&r, MAX (n_visitors, 1u))]);
              put_ref (row, "target_id", d, T_VISIT_TARGET, target);
              put_ref (row, "team_id", d, T_VISIT_TEAM, i);
              put_date (row, "visited_on", day);
              put_text (row, "visitors", who);
              put_text (row, "findings", PICK (&r, findings));
              if (asked)
                {
                  put_text (row, "requests", PICK (&r, requests));
                  if (rng_chance (&r, 700) && day + 3 < g->today)
                    {
                      int resolved = day + rng_range (&r, 3, 40);

                      resolved = MIN (resolved, g->today);
                      put_text (row, "follow_up", "已协调相关部门解决，回访群众表示满意。");
                      put_date (row, "resolved_on", resolved);
                    }
                  else
                    put_text (row, "follow_up", PICK (&r, follow_ups));
                }
              if (!emit (d, row, error))
                return FALSE;
            }
        }
    }
  report (d->gen, T_VISIT_TARGET);
  report (d->gen, T_VISIT);
  return TRUE;
}

/* Rows: notices */

static gboolean
emit_notice_row (District   *d,
                 guint32     n,
                 const char *title,
                 guint32     from_org,
                 const char *to_scope,
                 int         published,
                 int         deadline,
                 GError    **error)
{
  DqRecord        *row = row_new (d, T_NOTICE, n);
  g_autofree char *body = NULL;
  int              y, m, day;

  civil_from_days (deadline, &y, &m, &day);
  body = g_strdup_printf ("各有关单位：\n现将《%s》印发给你们，请结合实际认真抓好落实，并于%d年%d月%d日前报送工作情况。\n"
                          "（本通知为演示数据）",
                          title, y, m, day);

  put_text (row, "title", title);
  put_text (row, "body", body);
  put_ref (row, "from_org_id", d, T_ORG, from_org);
  put_text (row, "to_scope", to_scope);
  put_time (row, "published_at", published, 10 * 60);
  put_date (row, "deadline", deadline);
  return emit (d, row, error);
}

static gboolean
emit_ack (District   *d,
          guint32    *n,
          const char *notice_id,
          guint32     org,
          int         published,
          int         deadline,
          Rng        *r,
          GError    **error)
{
  DqRecord *row = row_new (d, T_NOTICE_ACK, (*n)++);
  gboolean  done = deadline < d->gen->today ? rng_chance (r, 900) : rng_chance (r, 300);
  int       day = published + rng_range (r, 0, done ? MAX (1, deadline - published) : 2);
  int       minute;

  day = MIN (day, d->gen->today);
  /* published at 10:00 */
  minute = day == published ? rng_range (r, 10 * 60 + 10, 18 * 60) : rng_range (r, 9 * 60, 18 * 60);
  put_text (row, "notice_id", notice_id);
  put_ref (row, "org_id", d, T_ORG, org);
  put_text (row, "status", done ? "已完成" : "已收到");
  put_time (row, "acked_at", day, minute);
  put_text (row, "note", done ? "已按要求完成并报送" : NULL);
  return emit (d, row, error);
}

/* The city-wide notices: their dates, shared by the city rows and the
 * districts' acknowledgements. */
static void
city_notice_dates (const Gen *g,
                   guint      i,
                   int       *published,
                   int       *deadline)
{
  *published = g->year_start + 20 + (int) i * 40;
  *deadline = *published + 30;
}

static gboolean
emit_notices (District *d,
              GError  **error)
{
  const Gen       *g = d->gen;
  Rng              r;
  guint            n = scaled (24.0 * d->f, 2);
  guint32          acks = 0;
  g_autofree char *to_scope = g_strdup_printf ("%s各街道党工委、区直各单位党组织", d->name);

  rng_for (d, S_NOTICES, 0, &r);
  for (guint32 i = 0; i < n; i++)
    {
      int  published = g->year_start + 5 + (int) ((g->today - g->year_start - 20) * i / n);
      int  deadline = published + rng_range (&r, 7, 30);
      int  y, m, dd;
      char title[200], id[37];

      civil_from_days (published, &y, &m, &dd);
      switch (i % 4)
        {
        case 0:
          g_snprintf (title, sizeof title, "关于组织开展%d月主题党日活动的通知", m);
          break;
        case 1:
          g_snprintf (title, sizeof title, "关于报送%d月党员志愿服务情况的通知", m);
          break;
        case 2:
          g_snprintf (title, sizeof title, "关于做好%d月党费收缴工作的通知", m);
          break;
        default:
          g_snprintf (title, sizeof title, "关于开展%d月党群服务中心安全检查的通知", m);
          break;
        }
      if (!emit_notice_row (d, i, title, d->root, to_scope, published, deadline, error))
        return FALSE;
      row_id (d, T_NOTICE, i, id);
      for (guint s = 0; s < d->n_streets; s++)
        if (!emit_ack (d, &acks, id, d->street_org[s], published, deadline, &r, error))
          return FALSE;
    }
  report (d->gen, T_NOTICE);

  /* the district committee and the streets acknowledge the city's notices */
  for (guint i = 0; i < G_N_ELEMENTS (city_notices); i++)
    {
      char id[37];
      int  published, deadline;

      city_notice_dates (g, i, &published, &deadline);
      if (published > g->today)
        continue;
      make_id (g->city_seed, 0, T_NOTICE, i, id);
      if (!emit_ack (d, &acks, id, d->root, published, deadline, &r, error))
        return FALSE;
      for (guint s = 0; s < d->n_streets; s++)
        if (rng_chance (&r, 600) && !emit_ack (d, &acks, id, d->street_org[s], published, deadline, &r, error))
          return FALSE;
    }
  report (d->gen, T_NOTICE_ACK);
  return TRUE;
}

/* Rows: branch life */

static gboolean
emit_posts (District *d,
            GError  **error)
{
  const Gen *g = d->gen;
  Rng        r;
  guint32    n = 0;

  rng_for (d, S_POSTS, 0, &r);
  for (guint32 i = 0; i < d->orgs->len; i++)
    {
      const Org       *o = ORG (d, i);
      const char      *topic;
      char             title[200];
      g_autofree char *body = NULL;
      DqRecord        *row;
      int              day;

      if (o->kind < KIND_BRANCH || !rng_chance (&r, 200))
        continue;
      topic = PICK (&r, post_topics);
      day = random_day (&r, g->year_start, g->today);
      g_snprintf (title, sizeof title, "%s%s", o->short_name ? o->short_name : o->name, topic);
      body = g_strdup_printf ("近日，%s%s。支部党员积极参与，大家纷纷表示将立足岗位、发挥先锋模范作用，"
                              "把学习成果转化为服务群众的实际行动。",
                              o->short_name ? o->short_name : o->name, topic);
      row = row_new (d, T_POST, n++);
      put_ref (row, "org_id", d, T_ORG, i);
      put_text (row, "title", title);
      put_text (row, "body", body);
      put_time (row, "published_at", day, rng_range (&r, 9 * 60, 21 * 60));
      if (!emit (d, row, error))
        return FALSE;
    }
  report (d->gen, T_POST);
  return TRUE;
}

static gboolean
emit_meetings (District *d,
               GError  **error)
{
  static const char *const attendance[] = { "出席", "请假", "缺席" };
  const Gen               *g = d->gen;
  Rng                      r;
  guint32                  n = 0, n_attendance = 0;

  rng_for (d, S_MEETINGS, 0, &r);
  for (guint32 i = 0; i < d->orgs->len; i++)
    {
      const Org  *o = ORG (d, i);
      const char *kind;
      char        title[200], location[200];
      DqRecord   *row;
      int         day;
      guint32     meeting;
      guint       attendees;

      if (o->kind < KIND_BRANCH || !rng_chance (&r, 125))
        continue;
      kind = PICK (&r, meeting_kinds);
      day = random_day (&r, g->year_start, g->today - 1);
      g_snprintf (title, sizeof title, "%s：%s", kind, PICK (&r, study_topics));
      if (o->community >= 0)
        g_snprintf (location, sizeof location, "%s社区党群服务中心会议室", COMMUNITY (d, o->community)->name);
      else
        g_snprintf (location, sizeof location, "%s会议室", o->short_name ? o->short_name : o->name);

      meeting = n++;
      row = row_new (d, T_MEETING, meeting);
      put_ref (row, "org_id", d, T_ORG, i);
      put_text (row, "kind", kind);
      put_text (row, "title", title);
      put_time (row, "held_at", day, strcmp (kind, "主题党日") == 0 ? 9 * 60 : 19 * 60 + 30);
      put_text (row, "location", location);
      if (o->secretary != NONE)
        {
          Person p;

          member_person (d, o->secretary, &p);
          put_text (row, "host", p.name);
        }
      put_text (row, "notes", "会议传达学习了上级有关文件精神，研究部署了支部近期重点工作，与会党员进行了交流发言。");
      if (!emit (d, row, error))
        return FALSE;

      /* the whole branch, or its committee */
      attendees = strcmp (kind, "支部委员会") == 0 ? MIN (o->n_members, 5u) : o->n_members;
      for (guint k = 0; k < attendees; k++)
        {
          guint x = rng_below (&r, 100);

          row = row_new (d, T_MEETING_ATTENDANCE, n_attendance++);
          put_ref (row, "meeting_id", d, T_MEETING, meeting);
          put_ref (row, "member_id", d, T_MEMBER, o->first_member + k);
          put_text (row, "status", attendance[x < 85 ? 0 : x < 95 ? 1
                                                                  : 2]);
          if (!emit (d, row, error))
            return FALSE;
        }
    }
  report (d->gen, T_MEETING);
  report (d->gen, T_MEETING_ATTENDANCE);
  return TRUE;
}

/* Rows: 坪山's standards, funds and organizers */

static gboolean
emit_standards (District *d,
                GError  **error)
{
  const Gen *g = d->gen;
  Rng        r;
  guint32    n_checks = 0, n_funds = 0;

  rng_for (d, S_CHECKS, 0, &r);
  for (guint32 i = 0; i < d->orgs->len; i++)
    {
      const Org *o = ORG (d, i);
      guint      items;

      if (o->domain >= N_STANDARD_DOMAINS || o->parent == NONE || o->kind == KIND_GROUP ||
          o->kind == KIND_WORK || !rng_chance (&r, 600))
        continue;
      items = (guint) rng_range (&r, 2, 3);
      for (guint k = 0; k < items; k++)
        {
          DqRecord   *row = row_new (d, T_STANDARD_CHECK, n_checks++);
          const char *item;
          gboolean    passed;

          if (k == 0)
            {
              item = common_items[rng_below (&r, G_N_ELEMENTS (common_items))];
              passed = strcmp (item, "按期换届") == 0 ? !is_overdue (d, o) : rng_chance (&r, 880);
            }
          else
            {
              item = standard_items[o->domain][(k - 1 + rng_below (&r, 4)) % 4];
              passed = rng_chance (&r, 880);
            }
          put_ref (row, "org_id", d, T_ORG, i);
          put_text (row, "domain", domain_codes[o->domain]);
          put_text (row, "item", item);
          put_int (row, "passed", passed ? 1 : 0);
          put_date (row, "checked_on", random_day (&r, g->year_start + 60, g->today - 1));
          put_text (row, "note", passed ? NULL : "存在差距，已下发整改通知，限期一个月整改");
          if (!emit (d, row, error))
            return FALSE;
        }
    }
  report (d->gen, T_STANDARD_CHECK);

  /* startup funds for organizations founded since 2024, from district-managed dues */
  rng_for (d, S_FUNDS, 0, &r);
  for (guint32 i = 0; i < d->orgs->len; i++)
    {
      const Org  *o = ORG (d, i);
      gint64      amount;
      const char *what;
      int         approved, paid;
      DqRecord   *row;
      char        note[200];

      if (o->domain >= N_STANDARD_DOMAINS || o->founded < days_from_civil (2024, 1, 1) || o->kind == KIND_GROUP ||
          o->kind == KIND_WORK)
        continue;
      if (o->kind == KIND_COMMITTEE)
        amount = 3000000, what = "党委3万元";
      else if (o->kind == KIND_GENERAL)
        amount = 2000000, what = "党总支2万元";
      else
        amount = 1000000, what = "党支部1万元";
      approved = o->founded + rng_range (&r, 10, 45);
      if (approved >= g->today)
        continue;
      paid = approved + rng_range (&r, 7, 30);
      row = row_new (d, T_FUND, n_funds++);
      g_snprintf (note, sizeof note, "新成立党组织启动经费（%s），从区管党费中列支", what);
      put_ref (row, "org_id", d, T_ORG, i);
      put_int (row, "amount_fen", amount);
      put_date (row, "approved_on", approved);
      put_date (row, "paid_on", paid < g->today ? paid : NO_DAY);
      put_text (row, "note", note);
      if (!emit (d, row, error))
        return FALSE;
    }
  report (d->gen, T_FUND);
  return TRUE;
}

/* Districts */

static const Profile *
profile_for (const DqDistrict *district)
{
  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    if (strcmp (profiles[i].code, district->code) == 0)
      return &profiles[i];
  /* 大鹏新区's code is configurable: know it by name too */
  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    if (strcmp (profiles[i].name, district->name) == 0)
      return &profiles[i];
  return &default_profile;
}

static void
district_init (District         *d,
               Gen              *g,
               const DqDistrict *district)
{
  guint64 code = g_ascii_strtoull (district->code, NULL, 10);

  memset (d, 0, sizeof *d);
  d->gen = g;
  d->profile = profile_for (district);
  d->code = district->code;
  d->name = district->name;
  {
    g_autofree char *abbr = g_utf8_substring (district->name, 0, 2);

    g_strlcpy (d->abbr, abbr, sizeof d->abbr);
  }
  d->streets = district->streets;
  d->n_streets = g_strv_length ((char **) district->streets);
  d->slot = (guint) (code % 100);
  d->seed = mix64 (g->seed * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) + code);
  d->f = d->profile->weight * g->scale;
  d->hlc = DQ_HLC_MAKE (BASE_MS, 0) + ((guint64) d->slot << SLOT_STAMPS);
  d->strings = g_string_chunk_new (64 * 1024);
  d->used_names = g_hash_table_new (g_str_hash, g_str_equal);
  d->communities = g_array_new (FALSE, TRUE, sizeof (Community));
  d->orgs = g_array_new (FALSE, TRUE, sizeof (Org));
  d->parks = g_array_new (FALSE, TRUE, sizeof (Park));
  d->buildings = g_array_new (FALSE, TRUE, sizeof (Building));
  d->social_orgs = g_array_new (FALSE, TRUE, sizeof (SocialOrg));
  d->centers = g_array_new (FALSE, TRUE, sizeof (Center));
  d->rooms = g_array_new (FALSE, TRUE, sizeof (Room));
  d->teams = g_array_new (FALSE, TRUE, sizeof (Team));
  d->room_slots = g_hash_table_new (NULL, NULL);
  d->id_numbers = g_hash_table_new (NULL, NULL);
  d->street_org = g_new0 (guint32, MAX (d->n_streets, 1u));
  d->street_center = g_new0 (guint32, MAX (d->n_streets, 1u));
  d->social_center = NONE;
  d->district_center = NONE;
  d->root = NONE;
}

static void
district_clear (District *d)
{
  g_string_chunk_free (d->strings);
  g_hash_table_unref (d->used_names);
  g_array_unref (d->communities);
  g_array_unref (d->orgs);
  g_array_unref (d->parks);
  g_array_unref (d->buildings);
  g_array_unref (d->social_orgs);
  g_array_unref (d->centers);
  g_array_unref (d->rooms);
  g_array_unref (d->teams);
  g_hash_table_unref (d->room_slots);
  g_hash_table_unref (d->id_numbers);
  g_free (d->member_org);
  g_free (d->street_org);
  g_free (d->street_center);
}

/* 坪山's organizers: each looks after the branches of a few streets. */
static void
assign_organizers (District *d)
{
  if (!(d->profile->practices & PRACTICE_STANDARDS))
    return;
  d->n_organizers = scaled (44 * d->gen->scale, 1);
  for (guint32 i = 0; i < d->orgs->len; i++)
    {
      Org  *o = ORG (d, i);
      guint s, in_street;

      if (o->domain >= N_STANDARD_DOMAINS || o->kind < KIND_GENERAL)
        continue;
      /* organizer k works in street k mod n_streets (emit_workers) */
      s = o->street >= 0 ? (guint) o->street : i % d->n_streets;
      in_street = s < d->n_organizers ? (d->n_organizers - s + d->n_streets - 1) / d->n_streets : 0;
      if (in_street == 0)
        o->organizer = (gint32) (i % d->n_organizers);
      else
        o->organizer = (gint32) (s + d->n_streets * (i % in_street));
    }
}

static gboolean
generate_district (Gen              *g,
                   const DqDistrict *district,
                   GError          **error)
{
  District d;
  gboolean ok;

  district_init (&d, g, district);
  if (d.n_streets == 0)
    {
      district_clear (&d);
      return TRUE;
    }

  plan_communities (&d);
  plan_places (&d);
  plan_orgs (&d);
  plan_members (&d);
  plan_elections (&d);
  assign_organizers (&d);
  plan_centers (&d);
  plan_teams (&d);

  ok = emit_orgs (&d, error) &&
       emit_members (&d, error) &&
       emit_transfers (&d, error) &&
       emit_workers (&d, error) &&
       emit_buildings (&d, error) &&
       emit_social_orgs (&d, error) &&
       emit_centers (&d, error) &&
       emit_bookings (&d, error) &&
       emit_activities (&d, error) &&
       emit_visits (&d, error) &&
       emit_notices (&d, error) &&
       emit_posts (&d, error) &&
       emit_meetings (&d, error) &&
       ((d.profile->practices & PRACTICE_STANDARDS) == 0 || emit_standards (&d, error));

  district_clear (&d);
  return ok;
}

/* The city level (440300): the city center with its rooms, and the
 * city-wide notices. */
static gboolean
generate_city (Gen     *g,
               GError **error)
{
  const DqDistrict *city = dq_district_lookup (DQ_CITY_DISTRICT);
  District          d;
  DqRecord         *row;
  Rng               r;
  g_autoptr (GString) services = g_string_new (NULL);
  gboolean ok = TRUE;
  char     phone[14];

  if (city == NULL)
    return TRUE;

  district_init (&d, g, city);
  rng_for (&d, S_CENTERS, 0, &r);

  for (guint f = 0; f < G_N_ELEMENTS (function_services); f++)
    g_string_append_printf (services, "%s%s", services->len ? "；" : "", function_services[f]);
  row = row_new (&d, T_CENTER, 0);
  put_text (row, "name", "深圳市党群服务中心");
  put_text (row, "level", "市");
  put_text (row, "functions", "党建,政务,企业,人力,科创,工人,青少年,妇女,法律援助,社会救助");
  put_text (row, "services", services->str);
  put_text (row, "address", "深圳市福田区莲花街道示例路1号");
  landline (&r, phone);
  put_text (row, "phone", phone);
  put_text (row, "open_hours", "周一至周日 9:00-21:00");
  put_int (row, "open_24h", 0);
  ok = emit (&d, row, error);

  for (guint i = 0; ok && i < 3; i++)
    {
      static const char *const rooms[] = { "多功能厅", "党史教育展厅", "会议室" };
      static const int         capacities[] = { 300, 120, 40 };

      row = row_new (&d, T_ROOM, i);
      put_ref (row, "center_id", &d, T_CENTER, 0);
      put_text (row, "name", rooms[i]);
      put_int (row, "capacity", capacities[i]);
      put_text (row, "facilities", room_facilities[i == 1 ? 5 : i == 2 ? 2
                                                                       : 0]);
      ok = emit (&d, row, error);
    }

  for (guint i = 0; ok && i < G_N_ELEMENTS (city_notices); i++)
    {
      int published, deadline;

      city_notice_dates (g, i, &published, &deadline);
      if (published > g->today)
        continue;
      ok = emit_notice_row (&d, i, city_notices[i], NONE, "各区委组织部，各区党群服务中心", published, deadline,
                            error);
    }

  district_clear (&d);
  return ok;
}

static gboolean
lookup_tables (Gen     *g,
               GError **error)
{
  for (guint i = 0; i < N_TABLES; i++)
    {
      g->tables[i] = dq_schema_table (table_names[i]);
      if (g->tables[i] == NULL)
        {
          g_set_error (error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_UNKNOWN_TABLE,
                       _ ("The demo data needs the table “%s”, which this version does not have"),
                       table_names[i]);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
dq_demo_generate (DqStore             *store,
                  const DqDemoOptions *options,
                  DqDemoStats         *stats,
                  GError             **error)
{
  DqDemoOptions     defaults = { NULL, 0, 1.0, NULL, NULL };
  DqDemoStats       local_stats;
  Gen               g = { 0 };
  gboolean          ok = TRUE;
  const DqDistrict *one = NULL;

  g_return_val_if_fail (DQ_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    options = &defaults;
  if (stats == NULL)
    stats = &local_stats;
  memset (stats, 0, sizeof *stats);

  if (options->district != NULL)
    {
      one = dq_district_lookup (options->district);
      if (one == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _ ("Unknown district code “%s”"), options->district);
          return FALSE;
        }
    }

  g.store = store;
  g.options = options;
  g.stats = stats;
  g.seed = options->seed ? options->seed : DEFAULT_SEED;
  g.city_seed = mix64 (g.seed * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) + 440300);
  g.scale = options->scale > 0 ? options->scale : 1.0;
  g.today = days_from_civil (TODAY_Y, TODAY_M, TODAY_D);
  g.year_start = days_from_civil (TODAY_Y, 1, 1);
  g.year_end = days_from_civil (TODAY_Y, 12, 31);
  if (!lookup_tables (&g, error))
    return FALSE;
  g.batch = g_ptr_array_new_with_free_func ((GDestroyNotify) dq_change_free);

  /* Every replica reads the city level, and district rows point at it. */
  ok = generate_city (&g, error);
  if (ok && one != NULL)
    ok = generate_district (&g, one, error);
  else if (ok)
    {
      guint             n;
      const DqDistrict *all = dq_districts (&n);

      for (guint i = 0; ok && i < n; i++)
        if (strcmp (all[i].code, DQ_CITY_DISTRICT) != 0)
          ok = generate_district (&g, &all[i], error);
    }
  ok = ok && flush (&g, error);

  g_ptr_array_unref (g.batch);
  return ok;
}
