/// The fixed content the demo store is made of: places, products, names, words.
enum SeedCatalog {
    struct Place {
        let code: String, name: String, kind: String, city: String
        let latitude: Double, longitude: Double
        let canShip: Bool, canPickup: Bool
    }

    static let places: [Place] = [
        Place(code: "DC-SH", name: "Shanghai Jiading DC 嘉定配送中心", kind: "dc", city: "Shanghai", latitude: 31.383, longitude: 121.250, canShip: true, canPickup: false),
        Place(code: "DC-BJ", name: "Beijing Daxing DC 大兴配送中心", kind: "dc", city: "Beijing", latitude: 39.727, longitude: 116.341, canShip: true, canPickup: false),
        Place(code: "WH-GZ", name: "Guangzhou Baiyun warehouse 白云仓", kind: "warehouse", city: "Guangzhou", latitude: 23.183, longitude: 113.271, canShip: true, canPickup: false),
        Place(code: "WH-CD", name: "Chengdu Shuangliu warehouse 双流仓", kind: "warehouse", city: "Chengdu", latitude: 30.579, longitude: 103.947, canShip: true, canPickup: false),
        Place(code: "WH-WUH", name: "Wuhan Dongxihu warehouse 东西湖仓", kind: "warehouse", city: "Wuhan", latitude: 30.620, longitude: 114.137, canShip: true, canPickup: false),
        Place(code: "SH-NJR", name: "Shanghai Nanjing Road 南京路店", kind: "store", city: "Shanghai", latitude: 31.235, longitude: 121.474, canShip: true, canPickup: true),
        Place(code: "SH-XTD", name: "Shanghai Xintiandi 新天地店", kind: "store", city: "Shanghai", latitude: 31.219, longitude: 121.475, canShip: false, canPickup: true),
        Place(code: "SH-LJZ", name: "Shanghai Lujiazui IFC 陆家嘴店", kind: "store", city: "Shanghai", latitude: 31.236, longitude: 121.501, canShip: true, canPickup: true),
        Place(code: "BJ-SLT", name: "Beijing Sanlitun 三里屯店", kind: "store", city: "Beijing", latitude: 39.934, longitude: 116.455, canShip: true, canPickup: true),
        Place(code: "BJ-WFJ", name: "Beijing Wangfujing 王府井店", kind: "store", city: "Beijing", latitude: 39.914, longitude: 116.411, canShip: false, canPickup: true),
        Place(code: "BJ-ZGC", name: "Beijing Zhongguancun 中关村店", kind: "store", city: "Beijing", latitude: 39.984, longitude: 116.307, canShip: false, canPickup: true),
        Place(code: "SZ-COC", name: "Shenzhen Coastal City 海岸城店", kind: "store", city: "Shenzhen", latitude: 22.517, longitude: 113.936, canShip: true, canPickup: true),
        Place(code: "SZ-FT", name: "Shenzhen Futian 福田店", kind: "store", city: "Shenzhen", latitude: 22.541, longitude: 114.055, canShip: false, canPickup: true),
        Place(code: "GZ-TH", name: "Guangzhou Tianhe 天河店", kind: "store", city: "Guangzhou", latitude: 23.132, longitude: 113.327, canShip: true, canPickup: true),
        Place(code: "GZ-BJR", name: "Guangzhou Beijing Road 北京路店", kind: "store", city: "Guangzhou", latitude: 23.125, longitude: 113.269, canShip: false, canPickup: true),
        Place(code: "HZ-WL", name: "Hangzhou West Lake 西湖店", kind: "store", city: "Hangzhou", latitude: 30.259, longitude: 120.163, canShip: true, canPickup: true),
        Place(code: "HZ-BJ", name: "Hangzhou Binjiang 滨江店", kind: "store", city: "Hangzhou", latitude: 30.208, longitude: 120.211, canShip: false, canPickup: true),
        Place(code: "CD-TKL", name: "Chengdu Taikoo Li 太古里店", kind: "store", city: "Chengdu", latitude: 30.654, longitude: 104.083, canShip: true, canPickup: true),
        Place(code: "CD-CXR", name: "Chengdu Chunxi Road 春熙路店", kind: "store", city: "Chengdu", latitude: 30.657, longitude: 104.080, canShip: false, canPickup: true),
        Place(code: "NJ-XJK", name: "Nanjing Xinjiekou 新街口店", kind: "store", city: "Nanjing", latitude: 32.041, longitude: 118.784, canShip: false, canPickup: true),
        Place(code: "WUH-JHR", name: "Wuhan Jianghan Road 江汉路店", kind: "store", city: "Wuhan", latitude: 30.585, longitude: 114.286, canShip: true, canPickup: true),
        Place(code: "XA-ZL", name: "Xi'an Bell Tower 钟楼店", kind: "store", city: "Xi'an", latitude: 34.261, longitude: 108.942, canShip: false, canPickup: true),
        Place(code: "CQ-JFB", name: "Chongqing Jiefangbei 解放碑店", kind: "store", city: "Chongqing", latitude: 29.557, longitude: 106.577, canShip: false, canPickup: true),
        Place(code: "SU-GQ", name: "Suzhou Guanqian Street 观前街店", kind: "store", city: "Suzhou", latitude: 31.311, longitude: 120.622, canShip: false, canPickup: true),
    ]

    /// Customer cities (mainland China) with weights; the first eleven have stores.
    static let cities: [(String, Double)] = [
        ("Shanghai", 18), ("Beijing", 15), ("Shenzhen", 10), ("Guangzhou", 9), ("Hangzhou", 7), ("Chengdu", 7),
        ("Nanjing", 4), ("Wuhan", 4), ("Xi'an", 3), ("Chongqing", 4), ("Suzhou", 3),
        ("Tianjin", 4), ("Changsha", 3), ("Qingdao", 3), ("Xiamen", 2), ("Kunming", 2),
    ]
    static let foreignCities: [(country: String, city: String, dial: String)] = [
        ("US", "New York", "+1212"), ("US", "San Francisco", "+1415"), ("GB", "London", "+4420"),
        ("GB", "Manchester", "+44161"), ("DE", "Berlin", "+4930"), ("DE", "Munich", "+4989"),
    ]

    struct ProductSpec {
        let code: String, name: String, category: String, brand: String
        let colours: [String], sizes: [String], price: Int
    }

    static let colourNames: [String: String] = [
        "RED": "red 红", "WHT": "white 白", "BLK": "black 黑", "NVY": "navy 藏青", "GRN": "green 绿",
        "GRY": "grey 灰", "OLV": "olive 橄榄绿", "CML": "camel 驼色", "BRG": "burgundy 酒红", "SND": "sand 沙色",
        "CHR": "charcoal 炭灰", "IND": "indigo 靛蓝", "KHK": "khaki 卡其", "SGE": "sage 鼠尾草绿", "TRC": "terracotta 陶土",
        "BGE": "beige 米色", "BLU": "blue 蓝", "PNK": "pink 粉", "PLM": "plum 梅紫", "MIX": "mixed 混色",
        "NAT": "natural 原色", "CEL": "celadon 青瓷", "CLR": "clear 透明", "AMB": "amber 琥珀",
        "FIG": "fig 无花果", "TEA": "white tea 白茶", "CED": "cedar 雪松", "SLV": "silver 银",
    ]

    static let apparelSizes = ["S", "M", "L", "XL"]
    static let products: [ProductSpec] = [
        ProductSpec(code: "TEE", name: "Classic crew tee 经典圆领T恤", category: "apparel/tops", brand: "Omni Basics", colours: ["RED", "WHT", "BLK", "NVY"], sizes: apparelSizes, price: 9_900),
        ProductSpec(code: "MUG", name: "Stoneware mug 粗陶马克杯", category: "home/kitchen", brand: "Omni Home", colours: ["WHT", "BLU", "GRN"], sizes: [], price: 5_900),
        ProductSpec(code: "HOOD", name: "Fleece hoodie 抓绒连帽卫衣", category: "apparel/tops", brand: "Omni Basics", colours: ["GRY", "BLK", "OLV"], sizes: apparelSizes, price: 29_900),
        ProductSpec(code: "JEAN", name: "Slim jeans 修身牛仔裤", category: "apparel/bottoms", brand: "Urban Trail", colours: ["IND", "BLK"], sizes: ["28", "30", "32", "34"], price: 39_900),
        ProductSpec(code: "TWL", name: "Bath towel 浴巾", category: "home/bath", brand: "Omni Home", colours: ["WHT", "GRY", "BLU"], sizes: [], price: 8_900),
        ProductSpec(code: "DRS", name: "Linen dress 亚麻连衣裙", category: "apparel/dresses", brand: "Linen & Co", colours: ["WHT", "SGE", "TRC"], sizes: ["XS", "S", "M", "L"], price: 45_900),
        ProductSpec(code: "SOCK", name: "Cotton socks 3-pack 棉袜三双装", category: "apparel/accessories", brand: "Omni Basics", colours: ["WHT", "BLK", "MIX"], sizes: [], price: 7_900),
        ProductSpec(code: "POLO", name: "Piqué polo 珠地网眼Polo衫", category: "apparel/tops", brand: "Omni Basics", colours: ["GRN", "WHT", "NVY"], sizes: apparelSizes, price: 19_900),
        ProductSpec(code: "CNDL", name: "Scented candle 香薰蜡烛", category: "home/decor", brand: "Omni Home", colours: ["FIG", "TEA", "CED"], sizes: [], price: 8_900),
        ProductSpec(code: "SHRT", name: "Oxford shirt 牛津纺衬衫", category: "apparel/tops", brand: "Urban Trail", colours: ["WHT", "BLU", "PNK"], sizes: apparelSizes, price: 25_900),
        ProductSpec(code: "SNK", name: "Canvas sneakers 帆布鞋", category: "apparel/shoes", brand: "Urban Trail", colours: ["WHT", "BLK"], sizes: ["36", "38", "40", "42", "44"], price: 35_900),
        ProductSpec(code: "BED", name: "Cotton bedding set 纯棉四件套", category: "home/bedroom", brand: "Omni Home", colours: ["WHT", "GRY", "SGE"], sizes: ["150", "180"], price: 69_900),
        ProductSpec(code: "LEG", name: "Yoga leggings 瑜伽裤", category: "apparel/sport", brand: "Omni Basics", colours: ["BLK", "PLM"], sizes: ["XS", "S", "M", "L"], price: 19_900),
        ProductSpec(code: "SWT", name: "Merino sweater 美利奴羊毛衫", category: "apparel/knitwear", brand: "Linen & Co", colours: ["CML", "NVY", "BRG"], sizes: apparelSizes, price: 49_900),
        ProductSpec(code: "CUSH", name: "Linen cushion 亚麻靠垫", category: "home/decor", brand: "Omni Home", colours: ["NAT", "TRC", "SGE"], sizes: [], price: 15_900),
        ProductSpec(code: "BAG", name: "Canvas tote 帆布托特包", category: "apparel/accessories", brand: "Omni Basics", colours: ["NAT", "BLK"], sizes: [], price: 14_900),
        ProductSpec(code: "CHNO", name: "Chinos 休闲裤", category: "apparel/bottoms", brand: "Urban Trail", colours: ["KHK", "NVY"], sizes: ["28", "30", "32", "34"], price: 29_900),
        ProductSpec(code: "JKT", name: "Light down jacket 轻薄羽绒服", category: "apparel/outerwear", brand: "Urban Trail", colours: ["BLK", "NVY", "SND"], sizes: apparelSizes, price: 69_900),
        ProductSpec(code: "BOWL", name: "Rice bowl set 饭碗四件套", category: "home/kitchen", brand: "Omni Home", colours: ["WHT", "CEL"], sizes: [], price: 12_900),
        ProductSpec(code: "SKRT", name: "Pleated skirt 百褶裙", category: "apparel/bottoms", brand: "Linen & Co", colours: ["BLK", "BGE"], sizes: ["XS", "S", "M", "L"], price: 25_900),
        ProductSpec(code: "CAP", name: "Baseball cap 棒球帽", category: "apparel/accessories", brand: "Omni Basics", colours: ["NVY", "BGE"], sizes: [], price: 12_900),
        ProductSpec(code: "THRW", name: "Wool throw 羊毛毯", category: "home/bedroom", brand: "Omni Home", colours: ["GRY", "CML"], sizes: [], price: 45_900),
        ProductSpec(code: "COAT", name: "Wool coat 羊毛大衣", category: "apparel/outerwear", brand: "Linen & Co", colours: ["CML", "CHR"], sizes: apparelSizes, price: 129_900),
        ProductSpec(code: "LAMP", name: "Ceramic table lamp 陶瓷台灯", category: "home/lighting", brand: "Omni Home", colours: ["WHT", "BLK"], sizes: [], price: 39_900),
        ProductSpec(code: "SCRF", name: "Cashmere scarf 羊绒围巾", category: "apparel/accessories", brand: "Linen & Co", colours: ["GRY", "RED", "CML"], sizes: [], price: 39_900),
        ProductSpec(code: "VASE", name: "Glass vase 玻璃花瓶", category: "home/decor", brand: "Omni Home", colours: ["CLR", "AMB"], sizes: [], price: 19_900),
        ProductSpec(code: "RUG", name: "Cotton rug 棉质地毯", category: "home/decor", brand: "Omni Home", colours: ["NAT", "GRY"], sizes: ["120", "160"], price: 59_900),
        ProductSpec(code: "DIFF", name: "Aroma diffuser 香薰机", category: "home/decor", brand: "Omni Home", colours: ["WHT"], sizes: [], price: 29_900),
        // Equipment and linen B2B accounts buy, install and have serviced.
        ProductSpec(code: "STM", name: "Garment steamer Pro 专业挂烫机", category: "pro/equipment", brand: "Omni Pro", colours: ["BLK"], sizes: [], price: 189_900),
        ProductSpec(code: "ESP", name: "Espresso machine 意式咖啡机", category: "pro/equipment", brand: "Omni Pro", colours: ["SLV"], sizes: [], price: 899_900),
        ProductSpec(code: "PUR", name: "Air purifier 空气净化器", category: "pro/equipment", brand: "Omni Pro", colours: ["WHT"], sizes: [], price: 329_900),
        ProductSpec(code: "LND", name: "Hotel linen set 酒店布草套装", category: "pro/linen", brand: "Omni Pro", colours: ["WHT"], sizes: ["150", "180"], price: 49_900),
    ]

    /// Common surnames, weighted roughly as in mainland China.
    static let surnames: [(String, Double)] = [
        ("王", 7.1), ("李", 7.0), ("张", 6.4), ("刘", 5.3), ("陈", 4.5), ("杨", 3.1), ("黄", 2.2), ("赵", 2.0),
        ("吴", 2.0), ("周", 1.9), ("徐", 1.6), ("孙", 1.5), ("马", 1.2), ("朱", 1.2), ("胡", 1.1), ("郭", 1.1),
        ("何", 1.0), ("高", 1.0), ("林", 1.0), ("罗", 0.9), ("郑", 0.9), ("梁", 0.8), ("谢", 0.6), ("宋", 0.6),
        ("唐", 0.6), ("许", 0.5), ("韩", 0.5), ("冯", 0.5), ("邓", 0.5), ("曹", 0.5), ("欧阳", 0.1), ("司马", 0.03),
    ]
    static let givenCharacters: [String] = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂华建国文辉玲婷雪梅琳晨宇浩然子涵欣怡思佳俊鹏飞亮红霖瑶颖欢蕾鑫峰宁凯斌").map(String.init)
    static let latinFirst = ["Emma", "Lucas", "Olivia", "Noah", "Sophia", "Liam", "Mia", "Ethan", "Charlotte", "James",
                             "Amelia", "Oliver", "Hannah", "Leon", "Lena", "Finn", "Chloé", "Zoë", "Jürgen", "Søren",
                             "Grace", "Daniel", "Alice", "Max", "Isabella", "Henry", "Ava", "Jack"]
    static let latinLast = ["Wilson", "Martin", "Smith", "Brown", "Taylor", "Müller", "Schmidt", "Fischer", "Dubois",
                            "Johnson", "Williams", "Davies", "Evans", "Walker", "Nguyen", "Tan", "Lee", "Wong", "Chan",
                            "O'Brien", "García", "Rossi", "Kowalski", "Andersen"]
    /// Names a console must show without breaking its columns.
    static let emojiNames = ["小美🌸", "Lily 🐱 Chen", "阿杰 😎", "陈静 ✨", "🎉 Party Planner Zhao", "王芳👩‍👧"]
    /// Names a console must show without obeying them: an OSC title change + clear screen, and a
    /// right-to-left override.
    static let hostileNames = ["Mallory \u{1B}]0;owned\u{07}\u{1B}[2J", "Eve \u{202E}gnp.exe"]

    static let companyLatin = ["Sunrise Hotels", "Jade Garden Hospitality", "Lotus Offices", "Harbour Serviced Apartments",
                               "Pearl River Spa", "Blue Bay Fitness", "Golden Crane Restaurants", "Metro Co-working",
                               "Bamboo Boutique Hotels", "Silk Road Cafés", "Orchid Clinics", "Panda Kindergartens"]
    static let companyChinese = ["华联酒店管理有限公司", "锦江商务服务有限公司", "东方精品酒店有限公司", "万象办公空间有限公司",
                                 "蓝湾健身有限公司", "金鹤餐饮管理有限公司", "绿洲公寓管理有限公司", "丝路咖啡有限公司"]

    static let carriers: [(String, String)] = [("SF Express", "SF"), ("JD Logistics", "JD"), ("ZTO Express", "ZT"), ("YTO Express", "YT"), ("EMS", "EM")]

    static let campaigns = ["Spring linen edit 春季亚麻系列", "Member days 会员日", "11.11 pre-sale 双十一预售",
                            "Home refresh 焕新家居", "Outerwear week 外套周", "New in: knitwear 针织上新"]
    static let appointmentPurposes = ["Try on my online cart 试穿线上购物车", "Styling session 造型咨询", "Tailoring fitting 修改试穿",
                                      "Home goods consultation 家居咨询", "Return & exchange 退换货", "Pick up and try on 到店自提试穿"]
}
