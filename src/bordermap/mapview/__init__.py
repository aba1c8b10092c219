"""The map view: the folium map, the HTML document around it, its assets and the export."""
