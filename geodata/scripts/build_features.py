"""Write the curated point and line layers of bordermap from the facts held below.

Run from the repository root:  python geodata/scripts/build_features.py

Writes geodata/checkpoints.geojson, expressways.geojson, railways.geojson,
corridors.geojson and places.geojson (RFC 7946, [lon, lat], at most 6 decimals,
features sorted by id, one feature per line).

No public source gives the coordinates of the border gates. Each gate is held
here as our own estimate of where its road crosses the border; the script then
moves that estimate to the nearest point of the boundary line in
geodata/boundary.geojson, so a gate always sits on the boundary the map draws.
Rerun the script whenever boundary.geojson changes.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import LineString, MultiLineString, Point, shape

GEODATA = Path(__file__).resolve().parents[1]
BOUNDARY_FILE = GEODATA / "boundary.geojson"
METRIC_CRS = "EPSG:32648"  # UTM zone 48N covers the whole Cambodia-Viet Nam border
MAX_SNAP_M = 12_000  # an estimate further than this from the line means the line is wrong here
GEOD = Geod(ellps="WGS84")

# --- sources -------------------------------------------------------------------------------
# Only URLs that were seen in a stored copy of the page are given; otherwise url is left out.
# Titles are the page headline, or its URL slug written out where the stored copy showed none.

S_VNS_2011_ROAD = {
    "title": "More border gates to open to Cambodia",
    "publisher": "Viet Nam News (Asia News Network)",
    "date": "2011-01-03",
}
S_SGGP_TAN_NAM_2025 = {
    "title": "Vietnamese, Cambodian PMs attend inauguration of Tan Nam–Meun Chey border gates",
    "publisher": "Saigon Giai Phong (SGGP)",
    "date": "2025-12-08",
    "url": "https://en.sggp.org.vn/vietnamese-cambodian-pms-attend-inauguration-of-tan-nammeun-chey-border-gates-post122347.html",
}
S_VNP_TAN_NAM_2019 = {
    "title": "Tay Ninh has one more international border gate",
    "publisher": "Vietnam News Agency (VietnamPlus)",
    "date": "2019-12-05",
    "url": "https://en.vietnamplus.vn/tay-ninh-has-one-more-international-border-gate/164888.vnp",
}
S_VNP_TAN_NAM_2021 = {
    "title": "Vietnam, Cambodia open new border gate pair",
    "publisher": "Vietnam News Agency (VietnamPlus)",
    "date": "2021-05-31",
    "url": "https://en.vietnamplus.vn/vietnam-cambodia-open-new-border-gate-pair/202349.vnp",
}
S_MFA_PR71 = {  # as in geodata/documents.toml
    "title": "Outcomes of the 21st Meeting of the Cambodia-Viet Nam Joint Commission on Economic, "
    "Cultural, Scientific and Technological Cooperation, Siem Reap, 8-9 December 2025 "
    "(PR 71/2025 MFA.IC)",
    "publisher": "Ministry of Foreign Affairs and International Cooperation, Kingdom of Cambodia",
    "date": "2025-12-11",
}
S_SGGP_MARKER_170 = {
    "title": "Tay Ninh proposes connection at boundary marker to Phnom Penh–Bavet expressway",
    "publisher": "Saigon Giai Phong (SGGP)",
    "date": "2026-01-07",
    "url": "https://en.sggp.org.vn/tay-ninh-proposes-connection-at-boundary-marker-to-phnom-penhbavet-expressway-post123032.html",
}
S_VNA_XA_MAT_2009 = {
    "title": "Pair of border gates between Vietnam and Cambodia open to traffic",
    "publisher": "Vietnam News Agency",
    "date": "2009-09-30",
}
S_VNP_LE_THANH_2017 = {
    "title": "Vietnam-Cambodia border route opens to traffic",
    "publisher": "Vietnam News Agency (VietnamPlus)",
    "date": "2017-07-19",
    "url": "http://en.vietnamplus.vn/vietnam-cambodia-border-route-opens-to-traffic/115101.vnp",
}
S_VNP_DAK_PEUR_2018 = {
    "title": "Dak Peur-Nam Lyr border gate seeks international status",
    "publisher": "Vietnam News Agency (VietnamPlus)",
    "date": "2018-11-09",
    "url": "https://en.vietnamplus.vn/dak-peurnam-lyr-border-gate-seeks-international-status/141543.vnp",
}
S_VNP_VINH_XUONG_2023 = {
    "title": "Vinh Xuong int'l land, waterway border gate on Vietnam-Cambodia border opens",
    "publisher": "Vietnam News Agency (VietnamPlus)",
    "date": "2023-02-23",
    "url": "https://en.vietnamplus.vn/vinh-xuong-intl-land-waterway-border-gate-on-vietnamcambodia-border-opens/248832.vnp",
}
S_VNA_DINH_BA_2009 = {
    "title": "New Vietnam-Cambodia border landmarks inaugurated",
    "publisher": "Vietnam News Agency",
    "date": "2009-12-26",
}
S_VNP_ROAD_312 = {
    "title": "Vietnamese-funded road opens to traffic in Cambodia",
    "publisher": "Vietnam News Agency (VietnamPlus)",
    "date": "2011-01",
    "url": "http://en.vietnamplus.vn/vietnamesefunded-road-opens-to-traffic-in-cambodia/25858.vnp",
}
S_VNS_DONG_THAP_2026 = {
    "title": "Dong Thap steps up border trade to boost Viet Nam-Cambodia commerce",
    "publisher": "Viet Nam News",
    "date": "2026-03-06",
    "url": "https://vietnamnews.vn/economy/1766725/dong-thap-steps-up-border-trade-to-boost-viet-nam-cambodia-commerce.html",
}
S_VNP_BINH_HIEP_2011 = {
    "title": "Khai trương cặp cửa khẩu quốc tế Bình Hiệp-Brây Vo",
    "publisher": "Vietnam News Agency (VietnamPlus)",
    "date": "2011-01-11",
    "url": "http://www.vietnamplus.vn/khai-truong-cap-cua-khau-quoc-te-binh-hiepbray-vo/76981.vnp",
}
S_VNS_BINH_HIEP_2011 = {
    "title": "Viet Nam, Cambodia inaugurate international border gate",
    "publisher": "Viet Nam News",
    "date": "2011-01-12",
}
S_FN_CHREY_THOM_2017 = {
    "title": "PM speaks bridge opening",
    "publisher": "Fresh News (via Cambodia New Vision)",
    "date": "2017-04-24",
    "url": "http://cnv.org.kh/pm-speaks-bridge-opening/",
}
S_AG_KHANH_BINH_2025 = {
    "title": "Survey and work on opening and upgrading the Khanh Binh international land and river border gate",
    "publisher": "An Giang Newspaper (via vietnam.vn)",
    "date": "2025-12-17",
    "url": "https://www.vietnam.vn/en/khao-sat-lam-viec-ve-mo-nang-cap-cua-khau-quoc-te-duong-bo-va-duong-song-khanh-binh",
}
S_SGGP_VINH_XUONG_2023 = {
    "title": "An Giang opens Vinh Xuong - Kaorm Samnor international border gate",
    "publisher": "Saigon Giai Phong (SGGP)",
    "date": "2023-02-23",
    "url": "https://www.sggpnews.org.vn/an-giang-opens-vinh-xuong-kaorm-samnor-international-border-gate-post100444.html",
}
S_GEONAMES = {
    "title": "GeoNames gazetteer (CC BY 4.0)",
    "publisher": "GeoNames",
    "date": "2025",
    "url": "https://www.geonames.org/",
}
S_AP_PP_BAVET_2023 = {
    "title": "Groundbreaking held for Cambodia's second expressway, linking capital to Vietnam",
    "publisher": "Associated Press",
    "date": "2023-06-07",
}
S_PEOPLE_PP_BAVET_2023 = {
    "title": "Chinese-invested expressway starts construction in Cambodia",
    "publisher": "People's Daily Online",
    "date": "2023-06-08",
    "url": "http://en.people.cn/n3/2023/0608/c90000-20029088.html",
}
S_FN_LVEA_EM_2023 = {
    "title": "Report on the Kratie Bridge groundbreaking, Kratie (headline not seen)",
    "publisher": "Fresh News",
    "date": "2023-01-02",
    "url": "https://m.en.freshnewsasia.com/index.php/en/localnews/33956-2023-01-02-05-40-23.html",
}
S_SGGP_MOC_BAI_2024 = {
    "title": "HCMC proposes PM approval for phase 1 of HCMC-Moc Bai Expressway",
    "publisher": "Saigon Giai Phong (SGGP)",
    "date": "2024-06-25",
    "url": "https://en.sggp.org.vn/hcmc-proposes-pm-approval-for-phase-1-of-hcmc-moc-bai-expressway-post110763.html",
}
S_VNS_MOC_BAI_2025 = {
    "title": "HCM City-Moc Bai Expressway to start construction on National Day",
    "publisher": "Viet Nam News",
    "date": "2025-07-18",
    "url": "https://vietnamnews.vn/society/1721672/hcm-city-moc-bai-expressway-to-start-construction-on-national-day.html",
}
S_VNE_RAIL_2018 = {
    "title": "Rail link planned between Ho Chi Minh City and Cambodia's casino kingdom",
    "publisher": "VnExpress International",
    "date": "2018-02-08",
    "url": "https://e.vnexpress.net/news/news/rail-link-planned-between-ho-chi-minh-city-and-cambodia-s-casino-kingdom-3709860.html",
}
S_ADB_SEC_2018 = {
    "title": "Review of Configuration of the Greater Mekong Subregion Economic Corridors",
    "publisher": "Asian Development Bank",
    "date": "2018",
}
S_VNS_SAR_SOKHA = {  # as in geodata/documents.toml (meeting of Wednesday 19 Feb 2025)
    "title": "Việt Nam prioritises strengthening ties with Cambodia: Prime Minister",
    "publisher": "Viet Nam News Service (VNS), Viet Nam News",
    "date": "2025-02-19",
    "url": "https://vietnamnews.vn/politics-laws/1692479/viet-nam-prioritises-strengthening-ties-with-cambodia-prime-minister.html",
}

# --- checkpoints ---------------------------------------------------------------------------
# `road_estimate` is our [lon, lat] estimate of where the named road meets the border,
# worked out from the nearest towns (GeoNames) and the road's known course; `road` says which.

CHECKPOINTS = [
    {
        "id": "cp-meun-chey-tan-nam",
        "gate_kh": "Meun Chey",
        "gate_vn": "Tan Nam",
        "name": "Meun Chey – Tan Nam",
        "name_km": "ម៉ឺនជ័យ – តឺនណាម",
        "name_vi": "Tân Nam – Meun Chey",
        "province_kh": "kh-prey-veng",
        "province_vn": "vn-tay-ninh",
        "province_vn_pre2025": "vn-pre2025-tay-ninh",
        "checkpoint_type": "international",
        "opened": "Cambodia upgraded Meun Chey to international in 2014; Viet Nam approved Tan Nam's "
        "upgrade by Resolution 111/NQ-CP of 3 Dec 2019; the pair went into operation on 31 May 2021; "
        "the finished gate pair and the Tan Nam–Meun Chey Friendship Bridge were inaugurated by both "
        "prime ministers on 8 Dec 2025.",
        "status": "inaugurated",
        "status_date": "2025-12-08",
        "highlight": True,
        "road": "the cement road from provincial road 791 in Tan Nam hamlet (Tan Binh commune, Tan "
        "Bien) toward Krabau commune of Kamchay Mear",
        "placement_note": "The crossing has to lie where Prey Veng meets Tay Ninh, which is the "
        "western tip of Tay Ninh, west-north-west of Tan Bien town; Vietnamese reports put the gate "
        "in Lo Go–Xa Mat National Park, on the demarcated segment between border markers 131 and 132.",
        "road_estimate": [105.818, 11.636],
        "precision_m": 5000,
        "about": "The gate pair of Krabau commune (Kamchay Mear, Prey Veng) and Tan Nam hamlet "
        "(Tay Ninh), about 150 km from Ho Chi Minh City and 120-130 km from Phnom Penh. Its opening "
        "was applauded at the 21st Joint Commission, which agreed to improve the roads linking it to "
        "each side's economic zones.",
        "sources": [S_SGGP_TAN_NAM_2025, S_VNP_TAN_NAM_2019, S_VNP_TAN_NAM_2021, S_MFA_PR71],
    },
    {
        "id": "cp-bavet-moc-bai",
        "gate_kh": "Bavet",
        "gate_vn": "Moc Bai",
        "name": "Bavet – Moc Bai",
        "name_vi": "Mộc Bài – Bavet",
        "province_kh": "kh-svay-rieng",
        "province_vn": "vn-tay-ninh",
        "province_vn_pre2025": "vn-pre2025-tay-ninh",
        "checkpoint_type": "international",
        "opened": "Main road crossing between Phnom Penh and Ho Chi Minh City (NR1 / NH22, AH1); open to "
        "cross-border road transport under the bilateral agreement (VNS, Jan 2011); the gate area is "
        "at border marker 171.",
        "status": "open",
        "road": "Cambodia's National Road 1 / Viet Nam's National Highway 22 (AH1) just east of Bavet "
        "town, at border marker 171 (former Loi Thuan commune, Ben Cau)",
        "road_estimate": [106.156, 11.068],
        "precision_m": 2000,
        "about": "The busiest road gate between the two countries, on the Phnom Penh – Ho Chi Minh City "
        "highway. Both planned expressways are to meet here; Tay Ninh also approved an extra "
        "connection at marker 170, about 3.5 km away.",
        "sources": [S_SGGP_MARKER_170, S_VNS_2011_ROAD],
    },
    {
        "id": "cp-trapeang-phlong-xa-mat",
        "gate_kh": "Trapeang Phlong",
        "gate_vn": "Xa Mat",
        "name": "Trapeang Phlong – Xa Mat",
        "name_vi": "Xa Mát – Trapeang Phlong",
        "province_kh": "kh-tbong-khmum",
        "province_vn": "vn-tay-ninh",
        "province_vn_pre2025": "vn-pre2025-tay-ninh",
        "checkpoint_type": "international",
        "opened": "International gate pair (Kampong Cham side until Tbong Khmum was split off in 2014); "
        "VNA reported it opened to traffic on 30 Sep 2009, while VNS (Jan 2011) listed it among the "
        "gates still to open for cross-border road transport in 2011.",
        "status": "open",
        "road": "National Highway 22B, about 20 km north of Tan Bien town, toward Trapeang Phlong "
        "(Ponhea Kraek)",
        "road_estimate": [106.000, 11.745],
        "precision_m": 3000,
        "about": "The northern road gate of Tay Ninh, at the end of NH22B from Tay Ninh town.",
        "sources": [S_VNA_XA_MAT_2009, S_VNS_2011_ROAD],
    },
    {
        "id": "cp-trapeang-sre-hoa-lu",
        "gate_kh": "Trapeang Sre",
        "gate_vn": "Hoa Lu",
        "name": "Trapeang Sre – Hoa Lu",
        "name_vi": "Hoa Lư – Trapeang Sre",
        "province_kh": "kh-kratie",
        "province_vn": "vn-dong-nai",
        "province_vn_pre2025": "vn-pre2025-binh-phuoc",
        "checkpoint_type": "international",
        "opened": "Listed for cross-border road transport from 2011 (VNS, Jan 2011); opened to vehicles "
        "on 29 Jul 2011 according to the project's reference notes (not re-confirmed).",
        "status": "open",
        "status_date": "2011-07-29",
        "road": "National Highway 13 north of Loc Ninh, continuing as Cambodia's road to Snuol",
        "road_estimate": [106.556, 11.978],
        "precision_m": 3000,
        "about": "The gate at the northern end of NH13 from Ho Chi Minh City, opposite Snuol district "
        "of Kratie; in Binh Phuoc until that province joined Dong Nai on 1 Jul 2025.",
        "sources": [S_VNS_2011_ROAD],
    },
    {
        "id": "cp-o-yadav-le-thanh",
        "gate_kh": "O Yadav",
        "gate_vn": "Le Thanh",
        "name": "O Yadav – Le Thanh",
        "name_km": "អូរយ៉ាដាវ – ឡេថាន់",
        "name_vi": "Lệ Thanh – O Yadav",
        "province_kh": "kh-ratanakiri",
        "province_vn": "vn-gia-lai",
        "province_vn_pre2025": "vn-pre2025-gia-lai",
        "checkpoint_type": "international",
        "opened": "International gate pair at border marker 30; vehicles of both countries allowed "
        "through from 19 Jul 2017.",
        "status": "open",
        "status_date": "2017-07-19",
        "road": "National Highway 19 west of Duc Co (Chu Ty), continuing as Cambodia's road 78 toward "
        "O Yadav; border marker 30",
        "road_estimate": [107.452, 13.775],
        "precision_m": 3000,
        "about": "The Central Highlands gate on NH19 from Pleiku, opposite Ratanakiri.",
        "sources": [S_VNP_LE_THANH_2017, S_VNS_2011_ROAD],
    },
    {
        "id": "cp-dak-dam-bu-prang",
        "gate_kh": "Dak Dam",
        "gate_vn": "Bu Prang",
        "name": "Dak Dam – Bu Prang",
        "name_vi": "Bu Prăng – Đắk Đam",
        "province_kh": "kh-mondulkiri",
        "province_vn": "vn-lam-dong",
        "province_vn_pre2025": "vn-pre2025-dak-nong",
        "checkpoint_type": "unconfirmed",
        "opened": "Listed as Bu Prang – O Raing (O Reang district) among the seven gate pairs for "
        "cross-border road transport, to open in 2011 (VNS, Jan 2011); VNA calls those seven pairs "
        "international, but no source seen states this gate's own grade.",
        "status": "open",
        "road": "the road from Sen Monorom through Dak Dam commune (O Reang) to Bu Prang in Quang "
        "Truc commune (Tuy Duc)",
        "road_estimate": [107.405, 12.255],
        "precision_m": 5000,
        "about": "The southern Mondulkiri gate, in Dak Nong until that province joined Lam Dong on "
        "1 Jul 2025.",
        "sources": [S_VNS_2011_ROAD, S_VNP_LE_THANH_2017],
    },
    {
        "id": "cp-nam-lyr-dak-peur",
        "gate_kh": "Nam Lyr",
        "gate_vn": "Dak Peur",
        "name": "Nam Lyr – Dak Peur",
        "name_vi": "Đắk Peur – Nam Lyr",
        "province_kh": "kh-mondulkiri",
        "province_vn": "vn-lam-dong",
        "province_vn_pre2025": "vn-pre2025-dak-nong",
        "checkpoint_type": "main",
        "opened": "Raised from auxiliary to main gate in Aug 2007; in Nov 2018 Dak Nong and Mondulkiri "
        "asked both governments to make it international.",
        "status": "open",
        "road": "the provincial road west from Dak Mil toward Pech Chreada",
        "road_estimate": [107.556, 12.480],
        "precision_m": 5000,
        "about": "A main (not international) gate between Mondulkiri and the former Dak Nong, whose "
        "upgrade has been proposed.",
        "sources": [S_VNP_DAK_PEUR_2018],
    },
    {
        "id": "cp-prek-chak-ha-tien",
        "gate_kh": "Prek Chak",
        "gate_vn": "Ha Tien (Xa Xia)",
        "name": "Prek Chak – Ha Tien",
        "name_vi": "Hà Tiên (Xà Xía) – Prek Chak",
        "province_kh": "kh-kampot",
        "province_vn": "vn-an-giang",
        "province_vn_pre2025": "vn-pre2025-kien-giang",
        "checkpoint_type": "international",
        "opened": "Open to cross-border road transport before 2011 (VNS, Jan 2011).",
        "status": "open",
        "road": "the road from Kampong Trach (Kampot) to Xa Xia, north-west of Ha Tien near the coast",
        "road_estimate": [104.458, 10.422],
        "precision_m": 3000,
        "about": "The southernmost road gate, between Kampot and Ha Tien; in Kien Giang until that "
        "province joined An Giang on 1 Jul 2025.",
        "sources": [S_VNS_2011_ROAD],
    },
    {
        "id": "cp-phnom-den-tinh-bien",
        "gate_kh": "Phnom Den",
        "gate_vn": "Tinh Bien",
        "name": "Phnom Den – Tinh Bien",
        "name_vi": "Tịnh Biên – Phnom Den",
        "province_kh": "kh-takeo",
        "province_vn": "vn-an-giang",
        "province_vn_pre2025": "vn-pre2025-an-giang",
        "checkpoint_type": "international",
        "opened": "Open to cross-border road transport before 2011 (VNS, Jan 2011).",
        "status": "open",
        "road": "National Highway 91 just north-west of Tinh Bien town, continuing as Cambodia's "
        "National Road 2 by Phnom Den (Kiri Vong)",
        "road_estimate": [104.925, 10.612],
        "precision_m": 2000,
        "about": "The road gate between Takeo and An Giang on the Phnom Penh – Chau Doc road.",
        "sources": [S_VNS_2011_ROAD],
    },
    {
        "id": "cp-kaam-samnor-vinh-xuong",
        "gate_kh": "Kaam Samnor",
        "gate_vn": "Vinh Xuong",
        "name": "Kaam Samnor – Vinh Xuong",
        "name_vi": "Vĩnh Xương – Kaam Samnor",
        "province_kh": "kh-kandal",
        "province_vn": "vn-an-giang",
        "province_vn_pre2025": "vn-pre2025-an-giang",
        "checkpoint_type": "international",
        "opened": "International waterway gate (Viet Nam 1995; Cambodia 2001); opened as a combined "
        "land and waterway international gate on 23 Feb 2023.",
        "status": "open",
        "status_date": "2023-02-23",
        "road": "the Mekong (Tien River) and its west-bank road north of Tan Chau",
        "road_estimate": [105.185, 10.900],
        "precision_m": 3000,
        "about": "The Mekong mainstream gate between Kandal and An Giang, used by river cargo and "
        "tourist boats; border marker 241 stands at the river crossing.",
        "sources": [S_VNP_VINH_XUONG_2023, S_SGGP_VINH_XUONG_2023],
    },
    {
        "id": "cp-banteay-chakrey-dinh-ba",
        "gate_kh": "Banteay Chakrey",
        "gate_vn": "Dinh Ba",
        "name": "Banteay Chakrey – Dinh Ba",
        "name_vi": "Dinh Bà – Banteay Chakrey",
        "province_kh": "kh-prey-veng",
        "province_vn": "vn-dong-thap",
        "province_vn_pre2025": "vn-pre2025-dong-thap",
        "checkpoint_type": "international",
        "opened": "International gate; Cambodia's road 312 linking Banteay Chakrey to National Road 1 "
        "was inaugurated in Jan 2011.",
        "status": "open",
        "road": "the road north from Sa Rai (Tan Hong) to Banteay Chakrey and Cambodia's road 312",
        "road_estimate": [105.470, 10.942],
        "precision_m": 3000,
        "about": "The road gate between Prey Veng and Tan Hong (Dong Thap); border marker 232 stands "
        "at the gate.",
        "sources": [S_VNA_DINH_BA_2009, S_VNP_ROAD_312],
    },
    {
        "id": "cp-kaoh-roka-thuong-phuoc",
        "gate_kh": "Kaoh Roka",
        "gate_vn": "Thuong Phuoc",
        "name": "Kaoh Roka – Thuong Phuoc",
        "name_vi": "Thường Phước – Kaoh Roka",
        "province_kh": "kh-prey-veng",
        "province_vn": "vn-dong-thap",
        "province_vn_pre2025": "vn-pre2025-dong-thap",
        "checkpoint_type": "international",
        "opened": "Opening of the international land and waterway gate pair announced jointly by Dong "
        "Thap and Prey Veng in 2025.",
        "status": "open",
        "road": "the east bank of the Mekong (Tien River) above Hong Ngu",
        "road_estimate": [105.225, 10.893],
        "precision_m": 3000,
        "about": "The east-bank Mekong gate between Prey Veng and Dong Thap, about 100 km by road from "
        "Phnom Penh.",
        "sources": [S_VNS_DONG_THAP_2026],
    },
    {
        "id": "cp-binh-hiep",
        "gate_kh": "Prey Vor",
        "gate_vn": "Binh Hiep",
        "name": "Prey Vor – Binh Hiep",
        "name_vi": "Bình Hiệp – Prây Vo",
        "province_kh": "kh-svay-rieng",
        "province_vn": "vn-tay-ninh",
        "province_vn_pre2025": "vn-pre2025-long-an",
        "checkpoint_type": "international",
        "opened": "Opened as an international gate pair on 11 Jan 2011.",
        "status": "open",
        "status_date": "2011-01-11",
        "road": "National Highway 62 north of Kien Tuong (Moc Hoa), continuing as Cambodia's road 314 "
        "toward Svay Rieng town",
        "road_estimate": [105.915, 10.880],
        "precision_m": 3000,
        "about": "The gate between Svay Rieng and the former Long An (Tay Ninh since 1 Jul 2025). The "
        "Cambodian gate is Prey Vor (written Brây Vo / Prây Vo in Vietnamese reports).",
        "sources": [S_VNP_BINH_HIEP_2011, S_VNS_BINH_HIEP_2011],
    },
    {
        "id": "cp-chrey-thom-khanh-binh",
        "gate_kh": "Chrey Thom",
        "gate_vn": "Khanh Binh",
        "name": "Chrey Thom – Khanh Binh",
        "name_vi": "Khánh Bình – Chrey Thom",
        "province_kh": "kh-kandal",
        "province_vn": "vn-an-giang",
        "province_vn_pre2025": "vn-pre2025-an-giang",
        "checkpoint_type": "main",
        "opened": "Main (national) gate; the Long Binh – Chrey Thom bridge opened on 24 Apr 2017; an "
        "inter-ministerial team surveyed its upgrade to an international land and river gate in "
        "Dec 2025.",
        "status": "open",
        "road": "the Bassac (Hau River) crossing at the northern tip of An Phu and the Long Binh – "
        "Chrey Thom bridge",
        "road_estimate": [105.085, 10.945],
        "precision_m": 3000,
        "about": "The Bassac gate between Koh Thom (Kandal) and An Phu (An Giang).",
        "sources": [S_FN_CHREY_THOM_2017, S_AG_KHANH_BINH_2025],
    },
]

# --- places (GeoNames centres, lat/lon as given in the reference notes) ----------------------

PLACES = [
    ("place-phnom-penh", "Phnom Penh", "ភ្នំពេញ", "Phnôm Pênh", 11.56944, 104.92111,
     "Capital of Cambodia."),
    ("place-ho-chi-minh-city", "Ho Chi Minh City", None, "Thành phố Hồ Chí Minh", 10.77556, 106.70194,
     "Viet Nam's largest city; its hospitals treat Cambodian patients on the same terms as "
     "Vietnamese citizens under the 21st Joint Commission's health item."),
    ("place-siem-reap", "Siem Reap", "សៀមរាប", "Xiêm Riệp", 13.36179, 103.86056,
     "Venue of the 21st Cambodia–Viet Nam Joint Commission, 8–9 Dec 2025."),
    ("place-bavet", "Bavet", "បាវិត", None, 11.06317, 106.13557,
     "Border town of Svay Rieng at the Bavet – Moc Bai gate; eastern end of the Phnom Penh – "
     "Bavet Expressway."),
    ("place-prey-veng-town", "Prey Veng", "ព្រៃវែង", None, 11.48682, 105.32533,
     "Capital of Prey Veng province, the Cambodian side of the Meun Chey – Tan Nam gate."),
    ("place-tay-ninh-town", "Tay Ninh", None, "Tây Ninh", 11.31004, 106.09828,
     "Town of Tay Ninh (provincial seat before the 2025 merger with Long An)."),
    ("place-svay-rieng-town", "Svay Rieng", "ស្វាយរៀង", None, 11.08785, 105.79935,
     "Capital of Svay Rieng province."),
    ("place-neak-loeung", "Neak Loeung", "អ្នកលឿង", None, 11.26167, 105.28611,
     "Mekong crossing of National Road 1 (Tsubasa Bridge) in Prey Veng."),
    ("place-ha-noi", "Ha Noi", None, "Hà Nội", 21.0285, 105.8542,
     "Capital of Viet Nam, where PM Pham Minh Chinh met Cambodian Deputy Prime Minister and "
     "Interior Minister Sar Sokha on 19 Feb 2025."),
]

# --- lines ---------------------------------------------------------------------------------
# Vertices follow the described routes through named towns and rivers; they are not surveyed.

PHNOM_PENH_BAVET = [  # Ring Road 3 south-east of Phnom Penh -> Mekong near Lvea Aem -> Bavet
    [104.955, 11.500], [104.990, 11.488], [105.020, 11.478], [105.060, 11.466],
    [105.140, 11.440], [105.230, 11.405], [105.330, 11.365], [105.440, 11.320],
    [105.550, 11.275], [105.650, 11.230], [105.760, 11.185], [105.860, 11.145],
    [105.960, 11.105], [106.040, 11.075], [106.085, 11.050], [106.128, 11.062],
]
HCMC_MOC_BAI = [  # Ring Road 3 in Cu Chi -> across the Vam Co Dong -> NH22 at Ben Cau
    [106.565, 10.925], [106.530, 10.950], [106.490, 10.980], [106.440, 11.005],
    [106.390, 11.030], [106.340, 11.050], [106.290, 11.065], [106.240, 11.075],
    [106.200, 11.078], [106.172, 11.074],
]
RAIL_PP_HCMC = [  # indicative only: Phnom Penh -> Neak Loeung area -> Svay Rieng -> Bavet -> HCMC
    [104.916, 11.574], [105.050, 11.450], [105.280, 11.300], [105.550, 11.190],
    [105.800, 11.110], [106.000, 11.075], [106.136, 11.063], [106.260, 11.080],
    [106.360, 11.030], [106.490, 10.970], [106.600, 10.870], [106.677, 10.782],
]
GMS_SEC_CENTRAL = [  # Bangkok - Aranyaprathet/Poipet - Sisophon - Battambang - Pursat - Phnom Penh
    [100.501, 13.754], [101.720, 13.960], [102.070, 13.820], [102.505, 13.682],
    [102.563, 13.658], [102.974, 13.586], [103.198, 13.103], [103.919, 12.539],
    [104.667, 12.250], [104.921, 11.569], [105.286, 11.262], [105.799, 11.088],
    [106.136, 11.063], [106.260, 11.080], [106.702, 10.776], [106.824, 10.945],
    [107.084, 10.346],
]


# --- geometry helpers ----------------------------------------------------------------------

_TO_METRIC = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)
_TO_LONLAT = Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)


def to_metric(geom):
    """Reproject a shapely geometry from EPSG:4326 to the metric CRS."""
    # the (n, 2) array form of shapely.transform works on every shapely 2.x
    return shapely.transform(geom, lambda xy: np.column_stack(_TO_METRIC.transform(xy[:, 0], xy[:, 1])))


def load_boundary(path: Path = BOUNDARY_FILE):
    """Return the boundary as one shapely (Multi)LineString in EPSG:4326."""
    data = json.loads(path.read_text(encoding="utf-8"))
    lines = []
    for feature in data["features"]:
        geom = shape(feature["geometry"])
        lines.extend(getattr(geom, "geoms", [geom]))
    return lines[0] if len(lines) == 1 else MultiLineString(lines)


def snap_to_line(lonlat, line_m):
    """Nearest point of a metric line to [lon, lat]; returns ([lon, lat], move in metres)."""
    pt = to_metric(Point(lonlat))
    parts = [line_m] if isinstance(line_m, LineString) else list(line_m.geoms)
    nearest = min((g.interpolate(g.project(pt)) for g in parts), key=pt.distance)
    lon, lat = _TO_LONLAT.transform(nearest.x, nearest.y)
    return [round(lon, 6), round(lat, 6)], pt.distance(nearest)


def line_length_km(coords) -> float:
    lons, lats = zip(*coords)
    return GEOD.line_length(lons, lats) / 1000


def rounded(coords):
    return [[round(x, 6), round(y, 6)] for x, y in coords]


# --- feature builders ----------------------------------------------------------------------

def feature(props: dict, geometry: dict) -> dict:
    return {"type": "Feature", "id": props["id"], "properties": props, "geometry": geometry}


def build_checkpoints(boundary) -> tuple[list[dict], list[tuple[str, float]]]:
    line_m = to_metric(boundary)
    features, moves = [], []
    for cp in CHECKPOINTS:
        where, moved = snap_to_line(cp["road_estimate"], line_m)
        if moved > MAX_SNAP_M:
            # The line does not reach this gate: keep our estimate rather than drag the gate
            # tens of km along a wrong boundary; the tests then flag the gap.
            print(f"WARNING {cp['id']}: estimate is {moved / 1000:.1f} km from the boundary line; "
                  "left unsnapped - check boundary.geojson", file=sys.stderr)
            where = [round(v, 6) for v in cp["road_estimate"]]
            placed = "and kept that estimate because the map's boundary line does not reach it"
        else:
            placed = f"then moved that estimate {moved / 1000:.1f} km to the nearest point of the map's boundary line"
        moves.append((cp["id"], moved))
        props = {k: cp[k] for k in ("id",)}
        props["kind"] = "checkpoint"
        for key in ("name", "name_km", "name_vi", "gate_kh", "gate_vn", "province_kh",
                    "province_vn", "province_vn_pre2025", "checkpoint_type", "opened",
                    "status", "status_date"):
            if key in cp:
                props[key] = cp[key]
        props["highlight"] = cp.get("highlight", False)
        props["location_precision"] = "approximate"
        props["precision_m"] = cp["precision_m"]
        props["description"] = (
            f"{cp['about']} Placed by us, not from a source: no published coordinates exist for "
            f"this gate, so we estimated where {cp['road']} meets the border from nearby towns "
            f"and the road's course, {placed}." + (f" {cp['placement_note']}" if "placement_note" in cp else ""))
        props["sources"] = cp["sources"]
        features.append(feature(props, {"type": "Point", "coordinates": where}))
    return features, moves


def build_expressways(bavet_gate) -> list[dict]:
    pp_bavet = rounded(PHNOM_PENH_BAVET)
    hcmc = rounded(HCMC_MOC_BAI)
    return [
        feature({
            "id": "xw-phnom-penh-bavet", "kind": "expressway",
            "name": "Phnom Penh – Bavet Expressway",
            "name_km": "ផ្លូវល្បឿនលឿនភ្នំពេញ–បាវិត",
            "name_vi": "Đường cao tốc Phnôm Pênh – Bavet",
            "status": "under-construction", "status_date": "2023-06-07",
            "length_km": 135,
            "location_precision": "approximate", "precision_m": 5000,
            "description": (
                "Four-lane toll expressway from Phnom Penh's third ring road through Kandal, "
                "Prey Veng and Svay Rieng to Bavet, crossing the Mekong on a bridge of about 2 km "
                "near Lvea Aem. Built and run by China Road and Bridge Corporation under a 50-year "
                "build-operate-transfer concession; work began on 7 Jun 2023 for 48 months, so "
                "completion is expected around late 2026 or 2027. Official length 135 km (135.1 and "
                "138 km also reported). The line is our sketch of the described route "
                f"({line_length_km(pp_bavet):.0f} km as drawn), not the surveyed alignment."),
            "sources": [S_AP_PP_BAVET_2023, S_PEOPLE_PP_BAVET_2023, S_FN_LVEA_EM_2023],
        }, {"type": "LineString", "coordinates": pp_bavet}),
        feature({
            "id": "xw-hcmc-moc-bai", "kind": "expressway",
            "name": "Ho Chi Minh City – Moc Bai Expressway",
            "name_vi": "Đường cao tốc Thành phố Hồ Chí Minh – Mộc Bài",
            "status": "under-construction", "status_date": "2025-08-19",
            "length_km": 51,
            "location_precision": "approximate", "precision_m": 4000,
            "description": (
                "About 51 km (24.7 km in Ho Chi Minh City, 26.3 km in Tay Ninh) from the Ring Road 3 "
                "junction in Cu Chi, across the Vam Co Dong river, to National Highway 22 at Ben Cau "
                "near the Moc Bai gate. Phase 1 has four lanes for 120 km/h, built as a "
                "public-private partnership whose investment policy was approved on 2 Aug 2024; "
                "preliminary works began on 19 Aug 2025, main works are planned from Jan 2026 and "
                "completion by the end of 2027. The line is our sketch of the described route "
                f"({line_length_km(hcmc):.0f} km as drawn), not the surveyed alignment."),
            "sources": [S_SGGP_MOC_BAI_2024, S_VNS_MOC_BAI_2025],
        }, {"type": "LineString", "coordinates": hcmc}),
        feature({
            "id": "xw-connecting-point", "kind": "connecting-point",
            "name": "Connecting point of the Phnom Penh – Bavet and Ho Chi Minh City – Moc Bai "
                    "expressways",
            "status": "under-discussion", "status_date": "2026-01-07",
            "location_precision": "approximate", "precision_m": 4000,
            "description": (
                "Where the two expressways are to join at the border is not yet agreed: the 21st "
                "Joint Commission (Dec 2025) agreed to speed up talks on it. In Jan 2026 Tay Ninh "
                "approved a connection at border marker 170, about 3.5 km from the Moc Bai gate, in "
                "addition to the main connection at marker 171 in the gate area, and set aside an "
                "option at marker 164 that would have needed a new gate pair and nearly 18 km of "
                "extra expressway. Shown at the Bavet – Moc Bai gate (marker 171); the radius covers "
                "marker 170."),
            "sources": [S_MFA_PR71, S_SGGP_MARKER_170],
        }, {"type": "Point", "coordinates": bavet_gate}),
    ]


def build_railways() -> list[dict]:
    coords = rounded(RAIL_PP_HCMC)
    return [feature({
        "id": "rail-phnom-penh-hcmc", "kind": "railway",
        "name": "Phnom Penh – Bavet – Moc Bai – Ho Chi Minh City rail link (proposed)",
        "name_vi": "Đường sắt Phnôm Pênh – Bavet – Mộc Bài – Thành phố Hồ Chí Minh (đề xuất)",
        "status": "study", "status_date": "2025-12-09", "indicative": True,
        "location_precision": "approximate", "precision_m": 20000,
        "description": (
            "Indicative only: no route has been designed and no feasibility study approved. In 2018 "
            "the two transport ministries agreed to pursue a Ho Chi Minh City – Bavet – Phnom Penh "
            "line of about 250 km, and the 21st Joint Commission (Dec 2025) agreed to study the "
            "link jointly. The line just joins the towns on that corridor "
            f"({line_length_km(coords):.0f} km as drawn)."),
        "sources": [S_VNE_RAIL_2018, S_MFA_PR71],
    }, {"type": "LineString", "coordinates": coords})]


def build_corridors() -> list[dict]:
    return [feature({
        "id": "gms-sec-central", "kind": "corridor",
        "name": "GMS Southern Economic Corridor – central subcorridor",
        "indicative": True,
        "location_precision": "approximate", "precision_m": 10000,
        "description": (
            "Indicative line of the Greater Mekong Subregion Southern Economic Corridor's central "
            "subcorridor, Bangkok – Phnom Penh – Ho Chi Minh City – Vung Tau, as configured by the "
            "Asian Development Bank's GMS programme. Drawn through the main towns on the route "
            "(Aranyaprathet/Poipet, Sisophon, Battambang, Pursat, Phnom Penh, Neak Loeung, Svay "
            "Rieng, Bavet – Moc Bai, Ho Chi Minh City, Bien Hoa), not along the roads themselves. "
            "The 21st Joint Commission agreed to carry out transport projects on the Southern "
            "Economic Corridors."),
        "sources": [S_ADB_SEC_2018, S_MFA_PR71],
    }, {"type": "LineString", "coordinates": rounded(GMS_SEC_CENTRAL)})]


LABELLED_PLACES = {"place-phnom-penh", "place-ho-chi-minh-city", "place-siem-reap", "place-ha-noi",
                   "place-bavet", "place-tay-ninh-town", "place-prey-veng-town", "place-svay-rieng-town"}


def build_places() -> list[dict]:
    out = []
    for pid, name, name_km, name_vi, lat, lon, about in PLACES:
        props = {"id": pid, "kind": "place", "name": name}
        if pid in LABELLED_PLACES:
            props["label"] = True  # named on the map, so the map reads without a basemap
        if name_km:
            props["name_km"] = name_km
        if name_vi:
            props["name_vi"] = name_vi
        props.update({
            "location_precision": "approximate", "precision_m": 2000,
            "description": f"{about} Point at the town centre given by GeoNames.",
            "sources": [S_GEONAMES] + ([S_MFA_PR71] if pid == "place-siem-reap" else [])
            + ([S_VNS_SAR_SOKHA] if pid == "place-ha-noi" else []),
        })
        out.append(feature(props, {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}))
    return out


# --- output --------------------------------------------------------------------------------

def dumps_collection(features: list[dict]) -> str:
    """One feature per line, features sorted by id, UTF-8 text."""
    rows = [json.dumps(f, ensure_ascii=False, separators=(",", ":"))
            for f in sorted(features, key=lambda f: f["id"])]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(rows) + "\n]}\n"


def write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def main() -> int:
    boundary = load_boundary()
    checkpoints, moves = build_checkpoints(boundary)
    bavet = next(f for f in checkpoints if f["id"] == "cp-bavet-moc-bai")["geometry"]["coordinates"]
    outputs = {
        "checkpoints.geojson": checkpoints,
        "expressways.geojson": build_expressways(bavet),
        "railways.geojson": build_railways(),
        "corridors.geojson": build_corridors(),
        "places.geojson": build_places(),
    }
    for name, feats in outputs.items():
        write_atomic(GEODATA / name, dumps_collection(feats))
        print(f"wrote {name}: {len(feats)} features")
    for cid, moved in moves:
        print(f"  {cid:30s} moved {moved / 1000:5.2f} km onto the boundary")
    return 0


if __name__ == "__main__":
    sys.exit(main())
