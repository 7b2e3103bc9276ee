# Clustered bars: requests/s per client over one kept-alive connection (higher is better).
# Called by plot_requests.sh with datafile and outfile set.
set terminal pngcairo size 900,520 font "DejaVu Sans,11" noenhanced
set output outfile
set title "Sequential GETs over one kept-alive connection to the lab on 127.0.0.1 (requests/s, higher is better)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set yrange [0:*]
set xrange [-0.6:3.6]
set ylabel "requests / s"
set key top right
set xtics nomirror
plot datafile using 2:xtic(1) title "HTTPS" lc rgb "#2c7fb8", \
     '' using 3 title "HTTP" lc rgb "#7fcdbb", \
     '' using 0:2:(sprintf("%.0f", $2)) with labels offset char -2.2,0.8 notitle, \
     '' using 0:3:(sprintf("%.0f", $3)) with labels offset char 2.2,0.8 notitle
