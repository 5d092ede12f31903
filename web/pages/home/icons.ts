/**
 * Icons of the home page: each lucide icon imported on its own (`lucide-react/icons/<name>`), so the citizen's
 * first load carries only these few, not the library. Keys are catalog life events and categories
 * (catalog/categories.yaml); anything else gets the generic document icon.
 */
import type { LucideIcon } from "lucide-react";
import Accessibility from "lucide-react/icons/accessibility";
import Baby from "lucide-react/icons/baby";
import Briefcase from "lucide-react/icons/briefcase";
import Building2 from "lucide-react/icons/building-2";
import Car from "lucide-react/icons/car";
import CloudRainWind from "lucide-react/icons/cloud-rain-wind";
import FileText from "lucide-react/icons/file-text";
import FileX from "lucide-react/icons/file-x";
import GraduationCap from "lucide-react/icons/graduation-cap";
import HandCoins from "lucide-react/icons/hand-coins";
import HeartCrack from "lucide-react/icons/heart-crack";
import HeartHandshake from "lucide-react/icons/heart-handshake";
import House from "lucide-react/icons/house";
import IdCard from "lucide-react/icons/id-card";
import MapPin from "lucide-react/icons/map-pin";
import PartyPopper from "lucide-react/icons/party-popper";
import Stethoscope from "lucide-react/icons/stethoscope";
import Store from "lucide-react/icons/store";
import Users from "lucide-react/icons/users";

export type { LucideIcon };

const ICONS: Record<string, LucideIcon> = {
  // life events
  kelahiran: Baby,
  kematian: HeartCrack,
  pernikahan: HeartHandshake,
  perceraian: Users,
  "pindah-domisili": MapPin,
  "dokumen-hilang": FileX,
  "masuk-sekolah": GraduationCap,
  "mencari-kerja": Briefcase,
  "memulai-usaha": Store,
  "membangun-rumah": House,
  "membeli-properti": Building2,
  sakit: Stethoscope,
  "kesulitan-ekonomi": HandCoins,
  "lanjut-usia": Users,
  disabilitas: Accessibility,
  bencana: CloudRainWind,
  "menyelenggarakan-acara": PartyPopper,
  kendaraan: Car,
  "tenaga-kesehatan": Stethoscope,
  // categories (popular services show their category's icon)
  kependudukan: IdCard,
  "surat-keterangan": FileText,
  "perizinan-usaha": Store,
  "perizinan-bangunan": House,
  kesehatan: Stethoscope,
  pendidikan: GraduationCap,
  sosial: HandCoins,
  ketenagakerjaan: Briefcase,
  transportasi: Car,
  perumahan: House,
};

export const iconFor = (key: string): LucideIcon => ICONS[key] ?? FileText;
